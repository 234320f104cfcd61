import { and, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { assertCanCare } from './care.policy.js';
import { findTicketRow } from './tickets.queries.js';
import { assertEditable, createTicket, getTicket, saveTicket } from './tickets.service.js';
import { ticketMessages, type TicketRow } from './tickets.tables.js';

async function messageOf(db: Queryable, ticket: TicketRow, messageId: string) {
  const [message] = await db.select().from(ticketMessages).where(and(eq(ticketMessages.id, messageId), eq(ticketMessages.ticketId, ticket.id)));
  if (!message) throw AppError.notFound(`Message ${messageId} of ticket #${ticket.number}`);
  return message;
}

async function rebuildSearch(tx: Queryable, ticketId: string) {
  await tx.execute(sql`UPDATE tickets SET search_vector = to_tsvector('simple', subject)
    || coalesce((SELECT to_tsvector('simple', string_agg(body, ' ')) FROM ticket_messages WHERE ticket_id = ${ticketId}), ''::tsvector) WHERE id = ${ticketId}`);
}

/** Moves one message (with its attachments) in `tx`; both tickets get an event and a fresh search document. */
async function moveMessage(tx: Queryable, ctx: ServiceContext, from: TicketRow, to: TicketRow, messageId: string) {
  await tx.update(ticketMessages).set({ ticketId: to.id }).where(eq(ticketMessages.id, messageId));
  await rebuildSearch(tx, from.id);
  await rebuildSearch(tx, to.id);
  await recordEvent(tx, ctx, { recordType: 'ticket', recordId: from.id, action: 'ticket.message_moved', changes: { messageId, toNumber: to.number } });
  await recordEvent(tx, ctx, { recordType: 'ticket', recordId: to.id, action: 'ticket.message_received', changes: { messageId, fromNumber: from.number } });
}

/**
 * Staff move a message that landed on the wrong ticket to another open one. Email-in threads
 * later replies to that mail by its Message-ID, so they follow the message to its new ticket.
 */
export async function moveTicketMessage(ctx: ServiceContext, number: number, messageId: string, input: { targetNumber: number }) {
  assertCanCare(ctx.actor, 'ticket.work');
  if (input.targetNumber === number) throw AppError.invalid('targetNumber', 'the message is already on this ticket');
  const from = await findTicketRow(ctx.db, number);
  await messageOf(ctx.db, from, messageId);
  const to = await findTicketRow(ctx.db, input.targetNumber).catch(() => {
    throw AppError.invalid('targetNumber', `there is no ticket #${input.targetNumber}`);
  });
  assertEditable(to);
  await ctx.db.transaction(async (tx) => {
    await moveMessage(tx, ctx, from, to, messageId);
  });
  return getTicket(ctx, input.targetNumber);
}

/**
 * Staff split a message into a new ticket of the same customer, type and department (a second
 * question asked in the same thread). Opened by staff, so it sends the customer no "new request"
 * mail; a customer's message leaves the new ticket waiting on staff.
 */
export async function splitTicketMessage(ctx: ServiceContext, number: number, messageId: string, input: { subject?: string }) {
  assertCanCare(ctx.actor, 'ticket.work');
  assertCanCare(ctx.actor, 'ticket.create');
  const from = await findTicketRow(ctx.db, number);
  const message = await messageOf(ctx.db, from, messageId);
  const newNumber = await ctx.db.transaction(async (tx) => {
    const inTx = { ...ctx, db: tx as unknown as ServiceContext['db'] };
    const created = await createTicket(inTx, {
      subject: input.subject ?? from.subject,
      typeId: from.typeId,
      departmentId: from.departmentId ?? undefined,
      contact: { contactId: from.contactId ?? undefined, name: from.contactName || undefined, email: from.contactEmail ?? undefined },
      channel: from.channel,
      openedBy: 'staff',
      createdFrom: { type: 'ticket', id: String(from.number) },
      emailCustomer: false,
    });
    const to = await findTicketRow(tx, created.number, true);
    await moveMessage(tx, ctx, from, to, messageId);
    if (message.authorType === 'customer') await saveTicket(tx, to, to.version, { lastActionBy: 'customer', lastActionAt: message.createdAt });
    return created.number;
  });
  return getTicket(ctx, newNumber);
}
