import { and, desc, eq, lt, lte, or, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { assertCanCare } from './care.policy.js';
import { customerTicketRow } from './customer-tickets.service.js';
import type { rateTicketBody } from './tickets.contract.js';
import { ticketFeedback, tickets } from './tickets.tables.js';
import type { z } from 'zod';

export type TicketFeedback = { rating: number; comment: string; ratedBy: string; createdAt: string };

export async function feedbackForTicket(db: Queryable, ticketId: string): Promise<TicketFeedback | null> {
  const [row] = await db.select().from(ticketFeedback).where(eq(ticketFeedback.ticketId, ticketId));
  return row ? { rating: row.rating, comment: row.comment, ratedBy: row.ratedBy, createdAt: row.createdAt.toISOString() } : null;
}

/** The customer rates their completed request, once. */
export async function rateTicket(ctx: ServiceContext, number: number, input: z.infer<typeof rateTicketBody>) {
  const actor = ctx.actor;
  const row = await customerTicketRow(ctx, number);
  if (actor.kind !== 'customer') throw AppError.forbidden('Only the customer rates a request');
  if (row.state !== 'completed') throw new AppError('unprocessable', `Request #${number} can be rated once it is completed`);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(ticketFeedback)
      .values({ ticketId: row.id, contactId: actor.contactId, rating: input.rating, comment: input.comment, ratedBy: actor.name || actor.email, createdAt: now })
      .onConflictDoNothing()
      .returning({ ticketId: ticketFeedback.ticketId });
    if (!inserted) throw AppError.conflict(`Request #${number} is already rated`);
    await recordEvent(tx, ctx, { recordType: 'ticket', recordId: row.id, action: 'ticket.rated', changes: { rating: input.rating, comment: input.comment, recordedBy: 'customer' } });
  });
  return (await feedbackForTicket(ctx.db, row.id))!;
}

/** Staff: ratings newest first, optionally only the low ones. */
export async function listTicketFeedback(ctx: ServiceContext, query: { maxRating?: number; cursor?: string; limit: number }) {
  assertCanCare(ctx.actor, 'ticket.read');
  const position = decodeCursor(query.cursor);
  const conditions: SQL[] = [];
  if (query.maxRating) conditions.push(lte(ticketFeedback.rating, query.maxRating));
  if (position) {
    const at = new Date(String(position.sort));
    conditions.push(or(lt(ticketFeedback.createdAt, at), and(eq(ticketFeedback.createdAt, at), lt(ticketFeedback.ticketId, String(position.id))))!);
  }
  const rows = await ctx.db
    .select({
      ticketId: ticketFeedback.ticketId,
      rating: ticketFeedback.rating,
      comment: ticketFeedback.comment,
      ratedBy: ticketFeedback.ratedBy,
      createdAt: ticketFeedback.createdAt,
      ticketNumber: tickets.number,
      subject: tickets.subject,
      contactId: ticketFeedback.contactId,
      contactName: tickets.contactName,
      departmentId: tickets.departmentId,
    })
    .from(ticketFeedback)
    .innerJoin(tickets, eq(tickets.id, ticketFeedback.ticketId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(ticketFeedback.createdAt), desc(ticketFeedback.ticketId))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ sort: row.createdAt.toISOString(), id: row.ticketId }));
  return { items: page.items.map(({ ticketId: _ticketId, createdAt, ...item }) => ({ ...item, createdAt: createdAt.toISOString() })), nextCursor: page.nextCursor };
}
