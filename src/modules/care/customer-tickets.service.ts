import { and, asc, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { CustomerActor } from '../../platform/actor.js';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { businessUnits } from '../access/access.tables.js';
import { ticketStatuses } from './care-config.tables.js';
import { attachmentsOfMessages } from './ticket-attachments.js';
import { feedbackForTicket } from './ticket-feedback.service.js';
import { findTicketRow } from './tickets.queries.js';
import { assertEditable, insertMessage, openTicket, saveTicket } from './tickets.service.js';
import type { CreateTicketInput } from './tickets.contract.js';
import { ticketMessageAttachments, ticketMessages, tickets, type TicketRow } from './tickets.tables.js';

/**
 * What a customer sees of their own tickets (the portal's "requests"). Every query is scoped by
 * the signed-in customer's contact: a number that belongs to someone else answers exactly like
 * one that does not exist (404), so nothing leaks which numbers are taken.
 */
export function customerActor(ctx: ServiceContext): CustomerActor {
  if (ctx.actor.kind !== 'customer') throw new AppError('unauthenticated', 'Sign in to My Account first');
  return ctx.actor;
}

function notYours(number: number): AppError {
  return AppError.notFound(`Request #${number}`);
}

/** The customer's own ticket row; 404 for anyone else's. */
export async function customerTicketRow(ctx: ServiceContext, number: number, forUpdate = false, db = ctx.db): Promise<TicketRow> {
  const actor = customerActor(ctx);
  const row = await findTicketRow(db, number, forUpdate).catch(() => undefined);
  if (!row || row.contactId !== actor.contactId) throw notYours(number);
  return row;
}

const summaryColumns = {
  number: tickets.number,
  subject: tickets.subject,
  state: tickets.state,
  status: ticketStatuses.name,
  departmentId: tickets.departmentId,
  department: businessUnits.name,
  createdAt: tickets.createdAt,
  lastActionAt: tickets.lastActionAt,
  lastActionBy: tickets.lastActionBy,
  acceptance: tickets.acceptance,
};

function toSummary<Row extends { createdAt: Date; lastActionAt: Date; department: string | null }>(row: Row) {
  return { ...row, department: row.department ?? null, createdAt: row.createdAt.toISOString(), lastActionAt: row.lastActionAt.toISOString() };
}

/** The customer's requests, newest activity first; `sinceDays` keeps the recent ones. */
export async function listCustomerTickets(ctx: ServiceContext, query: { sinceDays?: number; limit: number }) {
  const actor = customerActor(ctx);
  const conditions: SQL[] = [eq(tickets.contactId, actor.contactId)];
  if (query.sinceDays) conditions.push(gte(tickets.lastActionAt, new Date(ctx.clock.now().getTime() - query.sinceDays * 86_400_000)));
  const rows = await ctx.db
    .select(summaryColumns)
    .from(tickets)
    .innerJoin(ticketStatuses, eq(ticketStatuses.id, tickets.statusId))
    .leftJoin(businessUnits, eq(businessUnits.id, tickets.departmentId))
    .where(and(...conditions))
    .orderBy(desc(tickets.lastActionAt), desc(tickets.id))
    .limit(query.limit);
  return rows.map(toSummary);
}

/** One request with its public conversation; internal notes never leave care. */
export async function getCustomerTicket(ctx: ServiceContext, number: number) {
  const row = await customerTicketRow(ctx, number);
  const [summary] = await ctx.db
    .select(summaryColumns)
    .from(tickets)
    .innerJoin(ticketStatuses, eq(ticketStatuses.id, tickets.statusId))
    .leftJoin(businessUnits, eq(businessUnits.id, tickets.departmentId))
    .where(eq(tickets.id, row.id));
  const messages = await ctx.db
    .select({ id: ticketMessages.id, authorType: ticketMessages.authorType, authorName: ticketMessages.authorName, body: ticketMessages.body, createdAt: ticketMessages.createdAt })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, row.id), eq(ticketMessages.visibility, 'public')))
    .orderBy(asc(ticketMessages.seq));
  const attachments = await attachmentsOfMessages(ctx.db, messages.map((message) => message.id));
  return {
    ...toSummary(summary!),
    openedBy: row.openedBy,
    contactName: row.contactName,
    completedAt: row.completedAt?.toISOString() ?? null,
    expectedCompletionAt: row.expectedCompletionAt?.toISOString() ?? null,
    version: row.version,
    feedback: await feedbackForTicket(ctx.db, row.id),
    messages: messages.map((message) => ({ ...message, createdAt: message.createdAt.toISOString(), attachments: attachments.get(message.id) ?? [] })),
  };
}

/** The customer opens a request for themselves (the portal's Add Request); answers its number. */
export async function openCustomerTicket(
  ctx: ServiceContext,
  input: Pick<CreateTicketInput, 'subject' | 'departmentId'> & { name: string; phone?: string; message: { body: string; attachmentIds?: string[] } },
): Promise<number> {
  const actor = customerActor(ctx);
  const { row } = await openTicket(ctx, {
    subject: input.subject,
    departmentId: input.departmentId,
    contact: { contactId: actor.contactId, name: input.name, email: actor.email, phone: input.phone },
    channel: 'portal',
    openedBy: 'customer',
    message: { ...input.message, visibility: 'public' },
    emailCustomer: false,
  });
  return row.number;
}

/** The customer writes on their open request: a public message, and the ticket waits on staff. */
export async function addCustomerMessage(ctx: ServiceContext, number: number, input: { body: string; attachmentIds?: string[] }) {
  const actor = customerActor(ctx);
  const row = await customerTicketRow(ctx, number);
  assertEditable(row);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const locked = await customerTicketRow(ctx, number, true, tx);
    const message = await insertMessage(tx, ctx, locked, { ...input, visibility: 'public', authorType: 'customer', authorName: locked.contactName || actor.name }, now, { attachmentField: 'attachmentIds' });
    await saveTicket(tx, locked, locked.version, { lastActionBy: 'customer', lastActionAt: now, updatedAt: now });
    return message;
  });
}

/**
 * Whether an attachment is on a public message of one of the customer's tickets: the only
 * attachments a customer may download (their own uploads included once attached).
 */
export async function customerMayReadAttachment(ctx: ServiceContext, attachmentId: string): Promise<boolean> {
  const actor = customerActor(ctx);
  const [row] = await ctx.db
    .select({ one: sql<number>`1` })
    .from(ticketMessageAttachments)
    .innerJoin(ticketMessages, eq(ticketMessages.id, ticketMessageAttachments.messageId))
    .innerJoin(tickets, eq(tickets.id, ticketMessages.ticketId))
    .where(and(eq(ticketMessageAttachments.attachmentId, attachmentId), eq(ticketMessages.visibility, 'public'), eq(tickets.contactId, actor.contactId)));
  return Boolean(row);
}
