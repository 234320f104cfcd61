import { z } from 'zod';
import { attachmentIdsInput, attachmentSummarySchema } from '../../platform/attachments/index.js';
import { honeypotInput } from '../../platform/http/bot-guard.js';
import { ticketFeedbackSchema } from '../care/index.js';

const email = z.email().max(320).transform((value) => value.trim());
const password = z.string().min(10, 'must be at least 10 characters').max(200);
const token = z.string().min(10).max(200);

export const signUpBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email,
  password,
  /** The honeypot: anything here makes the sign-up fail quietly. */
  website: honeypotInput,
});
export const verifyEmailBody = z.strictObject({ token });
export const loginBody = z.strictObject({ email, password: z.string().min(1).max(200) });
export const requestPasswordResetBody = z.strictObject({ email });
export const resetPasswordBody = z.strictObject({ token, password });

export const customerSchema = z.object({
  accountId: z.uuid(),
  contactId: z.uuid(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  csrfToken: z.string().nullable(),
});

export const listRequestsQuery = z.strictObject({
  sinceDays: z.coerce.number().int().min(1).max(3650).optional().describe('Only requests with activity in the last N days (30 for "My Last Requests")'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

const requestSummary = z.object({
  number: z.number().int(),
  subject: z.string(),
  state: z.string(),
  status: z.string(),
  departmentId: z.uuid().nullable(),
  department: z.string().nullable(),
  createdAt: z.string(),
  lastActionAt: z.string(),
  lastActionBy: z.enum(['customer', 'staff']),
  acceptance: z.enum(['not_required', 'awaiting', 'accepted', 'rejected']),
});
export const requestListSchema = z.object({ items: z.array(requestSummary) });

export const requestDetailSchema = requestSummary.extend({
  openedBy: z.enum(['customer', 'staff']),
  contactName: z.string(),
  completedAt: z.string().nullable(),
  expectedCompletionAt: z.string().nullable(),
  version: z.number().int(),
  feedback: ticketFeedbackSchema.nullable(),
  messages: z.array(
    z.object({
      id: z.uuid(),
      authorType: z.enum(['customer', 'staff', 'system']),
      authorName: z.string(),
      body: z.string(),
      createdAt: z.string(),
      attachments: z.array(attachmentSummarySchema),
    }),
  ),
});

export const createRequestBody = z.strictObject({
  departmentId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  phone: z.string().trim().max(50).optional(),
  subject: z.string().trim().min(1).max(300),
  message: z.string().trim().min(1).max(50_000),
  attachmentIds: attachmentIdsInput.optional(),
  /** The honeypot: hidden from people by the form; a value here means a bot. */
  website: honeypotInput,
});

export const requestNumberParams = z.strictObject({ number: z.coerce.number().int().positive() });
export const replyBody = z.strictObject({ body: z.string().trim().min(1).max(50_000), attachmentIds: attachmentIdsInput.optional() });
export const answerBody = z.strictObject({ comment: z.string().trim().max(5000).optional() });
export const rateRequestBody = z.strictObject({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(5000).default('') });

export const departmentListSchema = z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), description: z.string() })) });

export const attachmentParams = z.strictObject({ attachmentId: z.uuid() });

export const invitePortalContactParams = z.strictObject({ contactId: z.uuid() });
export const invitationSchema = z.object({ accountId: z.uuid(), email: z.string(), mailId: z.string() });
