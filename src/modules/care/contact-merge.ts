import { and, count, eq, inArray } from 'drizzle-orm';
import { registerContactMergeHandler } from '../customers/index.js';
import { ticketFeedback, tickets } from './tickets.tables.js';

/**
 * When two contacts are merged, the loser's tickets (and the ratings given on them) follow it to
 * the winner, so the winner's ticket list, stats and timeline show them; an undo moves back
 * exactly those. The tickets keep the name and email they were opened with.
 */

registerContactMergeHandler({
  kind: 'tickets',
  label: 'Tickets',
  async count(db, contactId) {
    const [row] = await db.select({ value: count() }).from(tickets).where(eq(tickets.contactId, contactId));
    return Number(row?.value ?? 0);
  },
  async move(tx, loserId, winnerId) {
    const rows = await tx.update(tickets).set({ contactId: winnerId }).where(eq(tickets.contactId, loserId)).returning({ id: tickets.id });
    return rows.map((row) => row.id);
  },
  async restore(tx, movedIds, loserId, winnerId) {
    if (movedIds.length) await tx.update(tickets).set({ contactId: loserId }).where(and(inArray(tickets.id, movedIds), eq(tickets.contactId, winnerId)));
  },
});

registerContactMergeHandler({
  kind: 'ticket_feedback',
  label: 'Ticket ratings',
  async count(db, contactId) {
    const [row] = await db.select({ value: count() }).from(ticketFeedback).where(eq(ticketFeedback.contactId, contactId));
    return Number(row?.value ?? 0);
  },
  async move(tx, loserId, winnerId) {
    const rows = await tx.update(ticketFeedback).set({ contactId: winnerId }).where(eq(ticketFeedback.contactId, loserId)).returning({ id: ticketFeedback.ticketId });
    return rows.map((row) => row.id);
  },
  async restore(tx, movedIds, loserId, winnerId) {
    if (movedIds.length) await tx.update(ticketFeedback).set({ contactId: loserId }).where(and(inArray(ticketFeedback.ticketId, movedIds), eq(ticketFeedback.contactId, winnerId)));
  },
});
