import { z } from 'zod';
import { jobStatuses } from '../../platform/jobs/jobs.tables.js';
import { paginationQuery } from '../../platform/http/pagination.js';

export const outboxMailSummarySchema = z.object({
  id: z.uuid(),
  toAddress: z.string(),
  fromAddress: z.string(),
  subject: z.string(),
  status: z.enum(['queued', 'sent', 'stored', 'failed']),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export const outboxMailSchema = outboxMailSummarySchema.extend({
  textBody: z.string(),
  htmlBody: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
});

export const jobSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(jobStatuses),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});

export const listJobsQuery = z.strictObject({ status: z.enum(jobStatuses).optional(), name: z.string().min(1).max(100).optional(), ...paginationQuery });
export const jobIdParams = z.strictObject({ id: z.coerce.number().int().positive() });
