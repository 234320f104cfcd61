import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { assertCanCare } from './care.policy.js';
import { listTicketsQuery } from './tickets.contract.js';
import { ticketSavedViews } from './tickets.tables.js';

// The filters a view may keep: the queue's own query parameters, minus paging.
const viewFilters = listTicketsQuery.omit({ cursor: true, limit: true }).partial();
export const savedViewSchema = z.object({ id: z.uuid(), name: z.string(), filters: z.record(z.string(), z.string()), createdAt: z.string() });
export const createSavedViewBody = z.strictObject({ name: z.string().trim().min(1).max(80), filters: viewFilters });

function ownerId(ctx: ServiceContext): string {
  assertCanCare(ctx.actor, 'ticket.read');
  if (ctx.actor.kind !== 'user') throw AppError.forbidden('Saved views belong to staff users');
  return ctx.actor.id;
}

const toView = (row: typeof ticketSavedViews.$inferSelect) => ({ id: row.id, name: row.name, filters: row.filters, createdAt: row.createdAt.toISOString() });

export async function listTicketViews(ctx: ServiceContext) {
  const userId = ownerId(ctx);
  const rows = await ctx.db.select().from(ticketSavedViews).where(eq(ticketSavedViews.userId, userId)).orderBy(asc(ticketSavedViews.name));
  return { items: rows.map(toView) };
}

export async function createTicketView(ctx: ServiceContext, input: z.infer<typeof createSavedViewBody>) {
  const userId = ownerId(ctx);
  const filters = Object.fromEntries(Object.entries(input.filters).filter(([, value]) => value !== undefined).map(([key, value]) => [key, String(value)]));
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(ticketSavedViews).values({ userId, name: input.name, filters, createdAt: ctx.clock.now() }).returning();
      await recordEvent(tx, ctx, { recordType: 'ticket_view', recordId: row!.id, action: 'ticket_view.created', changes: { name: input.name, filters } });
      return toView(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict('You already have a view with this name', 'name');
    throw error;
  }
}

export async function deleteTicketView(ctx: ServiceContext, id: string) {
  const userId = ownerId(ctx);
  await ctx.db.transaction(async (tx) => {
    const deleted = await tx.delete(ticketSavedViews).where(and(eq(ticketSavedViews.id, id), eq(ticketSavedViews.userId, userId))).returning({ id: ticketSavedViews.id });
    if (deleted.length === 0) throw AppError.notFound('Saved view');
    await recordEvent(tx, ctx, { recordType: 'ticket_view', recordId: id, action: 'ticket_view.deleted' });
  });
}
