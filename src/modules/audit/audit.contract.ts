import { z } from 'zod';
import { paginationQuery } from '../../platform/http/pagination.js';

export const eventSchema = z.object({
  id: z.number().int(),
  occurredAt: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  recordType: z.string(),
  recordId: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
});

const word = z.string().min(1).max(100).regex(/^[a-z0-9_.*-]+$/i, 'must be letters, digits, dots, dashes, underscores');

export const listEventsQuery = z.strictObject({
  recordType: word.optional(),
  recordId: z.string().min(1).max(200).optional(),
  actorId: z.uuid().optional(),
  action: word.optional().describe('An exact action, or a prefix ending in .* such as user.*'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...paginationQuery,
});

export const historyParams = z.strictObject({ recordType: word, recordId: z.string().min(1).max(200) });
export const historyQuery = z.strictObject(paginationQuery);
