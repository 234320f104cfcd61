import { z } from 'zod';
import { attachmentIdsInput, attachmentSummarySchema } from '../../platform/attachments/index.js';
import { paginationQuery } from '../../platform/http/pagination.js';
import { ticketStates } from './lifecycle.js';
import { ticketChannels } from './tickets.tables.js';

const id = z.uuid();
const body = z.string().trim().min(1).max(100_000);

export const ticketNumberParams = z.strictObject({ number: z.coerce.number().int().positive() });

export const messageInput = z.strictObject({
  body,
  visibility: z.enum(['public', 'internal']).default('public'),
  /** Uploads (uploadAttachment) of the same user, not attached anywhere yet. */
  attachmentIds: attachmentIdsInput.optional(),
});

export const createTicketBody = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  typeId: id.optional(),
  statusId: id.optional(),
  categoryId: id.optional(),
  impactId: id.optional(),
  urgencyId: id.optional(),
  departmentId: id.optional(),
  assigneeId: id.optional(),
  contact: z.strictObject({
    contactId: id.optional(),
    name: z.string().trim().max(200).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().trim().max(50).optional(),
  }),
  channel: z.enum(ticketChannels).default('staff'),
  openedBy: z.enum(['customer', 'staff']).default('staff'),
  createdFrom: z.strictObject({ type: z.string().min(1).max(50), id: z.string().min(1).max(100) }).optional(),
  message: messageInput.optional(),
  /** Send the customer a "we received your request" email. */
  emailCustomer: z.boolean().default(false),
});
export type CreateTicketInput = z.infer<typeof createTicketBody>;

export const updateTicketBody = z.strictObject({
  version: z.number().int().positive().optional(),
  subject: z.string().trim().min(1).max(300).optional(),
  categoryId: id.nullable().optional(),
  impactId: id.optional(),
  urgencyId: id.optional(),
  contactName: z.string().trim().max(200).optional(),
  contactPhone: z.string().trim().max(50).nullable().optional(),
});
export type UpdateTicketInput = Omit<z.infer<typeof updateTicketBody>, 'version'>;

export const transitionTicketBody = z.strictObject({
  version: z.number().int().positive().optional(),
  statusId: id,
  /** Response or resolution category, for steps into responded / resolved states. */
  solutionCategoryId: id.optional(),
  cancellationReasonId: id.optional(),
  message: messageInput.optional(),
});
export type TransitionTicketInput = Omit<z.infer<typeof transitionTicketBody>, 'version'>;

export const assignTicketBody = z.strictObject({
  version: z.number().int().positive().optional(),
  departmentId: id.nullable().optional(),
  assigneeId: id.nullable().optional(),
});

export const recordAcceptanceBody = z.strictObject({
  version: z.number().int().positive().optional(),
  accepted: z.boolean(),
  comment: z.string().trim().max(5000).optional(),
});

export const linkTicketsBody = z.strictObject({ relatedNumber: z.number().int().positive() });

export const keyDatesSchema = z.object({
  startedAt: z.string(),
  expectedCompletionAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  timeToCompletionMs: z.number().nullable(),
  overdue: z.boolean(),
  overdueMs: z.number(),
});

export const ticketSchema = z.object({
  id,
  number: z.number().int(),
  subject: z.string(),
  typeId: id,
  statusId: id,
  state: z.enum(ticketStates),
  categoryId: id.nullable(),
  impactId: id.nullable(),
  urgencyId: id.nullable(),
  priorityId: id.nullable(),
  departmentId: id.nullable(),
  assigneeId: id.nullable(),
  contact: z.object({ contactId: id.nullable(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
  channel: z.enum(ticketChannels),
  openedBy: z.enum(['customer', 'staff']),
  openedByUserId: id.nullable(),
  createdFrom: z.object({ type: z.string(), id: z.string() }).nullable(),
  solutionCategoryId: id.nullable(),
  acceptance: z.enum(['not_required', 'awaiting', 'accepted', 'rejected']),
  cancellationReasonId: id.nullable(),
  keyDates: keyDatesSchema,
  lastActionBy: z.enum(['customer', 'staff']),
  lastActionAt: z.string(),
  /** The customer spoke last: the ticket waits on staff (the queue highlights it). */
  waitingOnStaff: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Ticket = z.infer<typeof ticketSchema>;

/** The customer's rating of a completed ticket. */
export const ticketFeedbackSchema = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string(),
  ratedBy: z.string(),
  createdAt: z.string(),
});

export const ticketDetailSchema = ticketSchema.extend({
  relatedTicketNumbers: z.array(z.number().int()),
  allowedNextStatusIds: z.array(id),
  feedback: ticketFeedbackSchema.nullable(),
});

export const rateTicketBody = z.strictObject({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(5000).default(''),
});

export const feedbackListItemSchema = ticketFeedbackSchema.extend({
  ticketNumber: z.number().int(),
  subject: z.string(),
  contactId: id.nullable(),
  contactName: z.string(),
  departmentId: id.nullable(),
});

export const listTicketFeedbackQuery = z.strictObject({
  maxRating: z.coerce.number().int().min(1).max(5).optional().describe('Only ratings up to this (e.g. 2 for the unhappy ones)'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ticketMessageSchema = z.object({
  id,
  visibility: z.enum(['public', 'internal']),
  authorType: z.enum(['customer', 'staff', 'system']),
  authorUserId: id.nullable(),
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
  attachments: z.array(attachmentSummarySchema),
});

export const listTicketsQuery = z.strictObject({
  statusId: id.optional(),
  state: z.enum(ticketStates).optional(),
  departmentId: id.optional(),
  assignee: z.union([z.enum(['me', 'unassigned']), id]).optional(),
  typeId: id.optional(),
  priorityId: id.optional(),
  categoryId: id.optional(),
  contactId: id.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(['last_action', 'created', 'priority', 'due']).default('last_action'),
  ...paginationQuery,
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

export const listMessagesQuery = z.strictObject({ order: z.enum(['asc', 'desc']).default('asc'), ...paginationQuery });
export const countTicketsQuery = z.strictObject({ departmentId: id.optional() });
export const statusCountSchema = z.object({ statusId: id, count: z.number().int(), waitingOnStaff: z.number().int() });
