import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { isTerminal } from './lifecycle.js';
import { insertMessage, saveTicket } from './tickets.service.js';
import { ticketColumns, tickets } from './tickets.tables.js';

export interface CustomerMessageInput {
  body: string;
  authorName: string;
  attachmentIds: string[];
  /**
   * `robot`: an out-of-office reply, kept as a note that does not put the ticket back in the queue.
   * `staff`: a colleague answered a notification by mail; kept as an internal note, never shown to
   * the customer as theirs.
   */
  author: 'customer' | 'staff' | 'robot';
}

/**
 * A message the customer sent by email onto an open ticket, in the caller's transaction. The
 * customer now spoke last, so the queue highlights the ticket; the status stays as it is (a reply
 * on a responded ticket is a message, not a transition). Returns null for a completed or
 * cancelled ticket, which takes no more messages: the caller opens a follow-up instead.
 */
export async function addInboundCustomerMessage(tx: Queryable, ctx: ServiceContext, ticketId: string, input: CustomerMessageInput) {
  const [ticket] = await tx.select(ticketColumns).from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!ticket || isTerminal(ticket.state)) return null;
  const now = ctx.clock.now();
  const message = await insertMessage(
    tx,
    ctx,
    ticket,
    {
      body: input.body,
      visibility: input.author === 'customer' ? 'public' : 'internal',
      authorType: input.author === 'robot' ? 'system' : input.author,
      authorName: input.authorName,
      attachmentIds: input.attachmentIds,
    },
    now,
  );
  if (input.author === 'customer') await saveTicket(tx, ticket, ticket.version, { lastActionBy: 'customer', lastActionAt: now, updatedAt: now });
  return { ticketNumber: ticket.number, messageId: message.id };
}

/** A note from the system on a ticket (a bounce of its mail), which changes nothing else. */
export async function addSystemNote(tx: Queryable, ctx: ServiceContext, ticketId: string, body: string) {
  const [ticket] = await tx.select(ticketColumns).from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) return null;
  const message = await insertMessage(tx, ctx, ticket, { body, visibility: 'internal', authorType: 'system', authorName: 'Mail delivery' }, ctx.clock.now());
  return { ticketNumber: ticket.number, messageId: message.id };
}
