import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/context.js';
import type { Queryable } from '../../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../../platform/errors.js';
import { diffFields, recordEvent } from '../../../platform/events/record-event.js';
import { staleVersionError } from '../../../platform/http/versioning.js';
import type { createTicketStatusBody, updateTicketStatusBody } from '../care-config.contract.js';
import { ticketStatuses, ticketTypeStatuses, type TicketStatusRow } from '../care-config.tables.js';
import { assertCanCare } from '../care.policy.js';
import type { TicketState } from '../lifecycle.js';
import { tickets } from '../tickets.tables.js';
import { forgetTicketTypeRules } from '../ticket-type-rules.js';

const toStatus = (row: TicketStatusRow) => ({ id: row.id, name: row.name, state: row.state, position: row.position, version: row.version });
const nameTaken = () => AppError.conflict('A status with this name already exists', 'name');

export async function listTicketStatuses(ctx: ServiceContext) {
  assertCanCare(ctx.actor, 'config.read');
  const rows = await ctx.db.select().from(ticketStatuses).orderBy(asc(ticketStatuses.position), asc(ticketStatuses.name));
  return { items: rows.map(toStatus) };
}

export async function createTicketStatus(ctx: ServiceContext, input: z.infer<typeof createTicketStatusBody>) {
  assertCanCare(ctx.actor, 'config.manage');
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(ticketStatuses).values(input).returning();
      await recordEvent(tx, ctx, { recordType: 'ticket_status', recordId: row!.id, action: 'ticket_status.created', changes: { ...input } });
      return toStatus(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Every state but temporarily_resolved must keep at least one status. */
async function assertStateKeepsAStatus(db: Queryable, state: TicketState, leavingStatusId: string, field: string) {
  if (state === 'temporarily_resolved') return;
  const [others] = await db.select({ n: count() }).from(ticketStatuses).where(and(eq(ticketStatuses.state, state), ne(ticketStatuses.id, leavingStatusId)));
  if (Number(others?.n) === 0) throw new AppError('unprocessable', `The ${state.replace(/_/g, ' ')} state needs at least one status`, { errors: [{ field, message: `is the last status of the ${state} state` }] });
}

export async function updateTicketStatus(ctx: ServiceContext, id: string, expectedVersion: number, input: Omit<z.infer<typeof updateTicketStatusBody>, 'version'>) {
  assertCanCare(ctx.actor, 'config.manage');
  const [before] = await ctx.db.select().from(ticketStatuses).where(eq(ticketStatuses.id, id));
  if (!before) throw AppError.notFound('Ticket status');
  if (input.state && input.state !== before.state) {
    await assertStateKeepsAStatus(ctx.db, before.state, id, 'state');
    const [used] = await ctx.db.select({ n: count() }).from(tickets).where(eq(tickets.statusId, id));
    if (Number(used?.n) > 0) throw AppError.conflict('Tickets are in this status, so its life-cycle state cannot change; create a new status instead', 'state');
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(ticketStatuses)
        .set({ ...input, updatedAt: ctx.clock.now(), version: sql`${ticketStatuses.version} + 1` })
        .where(and(eq(ticketStatuses.id, id), eq(ticketStatuses.version, expectedVersion)))
        .returning();
      if (!row) throw staleVersionError('This status');
      await recordEvent(tx, ctx, { recordType: 'ticket_status', recordId: id, action: 'ticket_status.updated', changes: diffFields(toStatus(before), toStatus(row), ['version']) });
      return toStatus(row);
    }).finally(forgetTicketTypeRules);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function deleteTicketStatus(ctx: ServiceContext, id: string) {
  assertCanCare(ctx.actor, 'config.manage');
  const [before] = await ctx.db.select().from(ticketStatuses).where(eq(ticketStatuses.id, id));
  if (!before) throw AppError.notFound('Ticket status');
  await assertStateKeepsAStatus(ctx.db, before.state, id, 'id');
  const [[usedByTickets], [usedByTypes]] = await Promise.all([
    ctx.db.select({ n: count() }).from(tickets).where(eq(tickets.statusId, id)),
    ctx.db.select({ n: count() }).from(ticketTypeStatuses).where(eq(ticketTypeStatuses.statusId, id)),
  ]);
  if (Number(usedByTickets?.n) > 0 || Number(usedByTypes?.n) > 0) throw AppError.conflict('Tickets or ticket types use this status; remove it from them first');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(ticketStatuses).where(eq(ticketStatuses.id, id));
    await recordEvent(tx, ctx, { recordType: 'ticket_status', recordId: id, action: 'ticket_status.deleted', changes: { name: before.name, state: before.state } });
  });
  forgetTicketTypeRules();
}
