import { and, asc, count, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/context.js';
import { queryRows, type Queryable } from '../../../platform/db/client.js';
import { AppError, isForeignKeyViolation, isUniqueViolation } from '../../../platform/errors.js';
import { diffFields, recordEvent } from '../../../platform/events/record-event.js';
import { staleVersionError } from '../../../platform/http/versioning.js';
import type { createTicketStatusBody, updateTicketStatusBody } from '../care-config.contract.js';
import { ticketStatuses, ticketTypes, ticketTypeStatuses, type TicketStatusRow } from '../care-config.tables.js';
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

/** True when some row matches; `LIMIT 1`, so it stays cheap on millions of tickets. */
async function exists(db: Queryable, query: SQL): Promise<boolean> {
  return (await queryRows(db, sql`SELECT 1 AS found WHERE EXISTS (${query})`)).length > 0;
}
const ticketsUse = (db: Queryable, id: string) => exists(db, sql`SELECT 1 FROM ${tickets} WHERE ${tickets.statusId} = ${id} LIMIT 1`);

/**
 * Moving a status to another state must leave every type that uses it valid: the old state keeps
 * a status (and a default) in each type, and the status is the new state's default only if alone there.
 */
async function remapInTypes(tx: Queryable, status: TicketStatusRow, newState: TicketState) {
  const rows = await tx
    .select({ typeId: ticketTypeStatuses.typeId, typeName: ticketTypes.name, statusId: ticketTypeStatuses.statusId, isDefault: ticketTypeStatuses.isDefault, state: ticketStatuses.state, position: ticketStatuses.position })
    .from(ticketTypeStatuses)
    .innerJoin(ticketStatuses, eq(ticketStatuses.id, ticketTypeStatuses.statusId))
    .innerJoin(ticketTypes, eq(ticketTypes.id, ticketTypeStatuses.typeId))
    .where(inArray(ticketTypeStatuses.typeId, tx.select({ typeId: ticketTypeStatuses.typeId }).from(ticketTypeStatuses).where(eq(ticketTypeStatuses.statusId, status.id))));
  for (const typeId of new Set(rows.map((row) => row.typeId))) {
    const ofType = rows.filter((row) => row.typeId === typeId);
    const moved = ofType.find((row) => row.statusId === status.id)!;
    const left = ofType.filter((row) => row.state === status.state && row.statusId !== status.id).sort((a, b) => a.position - b.position);
    const joined = ofType.filter((row) => row.state === newState && row.statusId !== status.id);
    const refuse = (message: string) => new AppError('unprocessable', `Ticket type ${moved.typeName}: ${message}`, { errors: [{ field: 'state', message }] });
    if (left.length === 0 && status.state !== 'temporarily_resolved') throw refuse(`it would have no ${status.state.replace(/_/g, ' ')} status left`);
    if (moved.isDefault && left.length > 1) throw refuse(`this is its default ${status.state.replace(/_/g, ' ')} status; choose another default there first`);
    if (left.length === 1) await tx.update(ticketTypeStatuses).set({ isDefault: true }).where(and(eq(ticketTypeStatuses.typeId, typeId), eq(ticketTypeStatuses.statusId, left[0]!.statusId)));
    await tx.update(ticketTypeStatuses).set({ isDefault: joined.length === 0 }).where(and(eq(ticketTypeStatuses.typeId, typeId), eq(ticketTypeStatuses.statusId, status.id)));
  }
}

export async function updateTicketStatus(ctx: ServiceContext, id: string, expectedVersion: number, input: Omit<z.infer<typeof updateTicketStatusBody>, 'version'>) {
  assertCanCare(ctx.actor, 'config.manage');
  const [before] = await ctx.db.select().from(ticketStatuses).where(eq(ticketStatuses.id, id));
  if (!before) throw AppError.notFound('Ticket status');
  const remapped = input.state !== undefined && input.state !== before.state;
  if (remapped) {
    await assertStateKeepsAStatus(ctx.db, before.state, id, 'state');
    if (await ticketsUse(ctx.db, id)) throw AppError.conflict('Tickets are in this status, so its life-cycle state cannot change; create a new status instead', 'state');
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(ticketStatuses)
        .set({ ...input, updatedAt: ctx.clock.now(), version: sql`${ticketStatuses.version} + 1` })
        .where(and(eq(ticketStatuses.id, id), eq(ticketStatuses.version, expectedVersion)))
        .returning();
      if (!row) throw staleVersionError('This status');
      if (remapped) await remapInTypes(tx, before, input.state!);
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
  const usedByType = await exists(ctx.db, sql`SELECT 1 FROM ${ticketTypeStatuses} WHERE ${ticketTypeStatuses.statusId} = ${id} LIMIT 1`);
  if (usedByType || (await ticketsUse(ctx.db, id))) throw AppError.conflict('Tickets or ticket types use this status; remove it from the types (and move the tickets) first');
  await ctx.db
    .transaction(async (tx) => {
      await tx.delete(ticketStatuses).where(eq(ticketStatuses.id, id));
      await recordEvent(tx, ctx, { recordType: 'ticket_status', recordId: id, action: 'ticket_status.deleted', changes: { name: before.name, state: before.state } });
    })
    .catch((error: unknown) => {
      // A ticket or type that started using it meanwhile: the foreign keys refuse the delete.
      throw isForeignKeyViolation(error) ? AppError.conflict('Tickets or ticket types use this status') : error;
    });
  forgetTicketTypeRules();
}

/**
 * Puts every status in the given order in one transaction (positions 0, 1, 2...). The list must
 * name each status exactly once, so an admin working from an old list is told to reload.
 */
export async function reorderTicketStatuses(ctx: ServiceContext, statusIds: string[]) {
  assertCanCare(ctx.actor, 'config.manage');
  if (new Set(statusIds).size !== statusIds.length) throw AppError.invalid('statusIds', 'lists a status twice');
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.select().from(ticketStatuses).for('update');
    const known = new Set(rows.map((row) => row.id));
    if (rows.length !== statusIds.length || statusIds.some((id) => !known.has(id))) {
      throw new AppError('precondition_failed', 'The statuses changed meanwhile; reload them and try again');
    }
    const before = [...rows].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name)).map((row) => row.id);
    for (const [position, id] of statusIds.entries()) {
      const row = rows.find((candidate) => candidate.id === id)!;
      if (row.position === position) continue;
      await tx.update(ticketStatuses).set({ position, updatedAt: ctx.clock.now(), version: sql`${ticketStatuses.version} + 1` }).where(eq(ticketStatuses.id, id));
    }
    await recordEvent(tx, ctx, { recordType: 'ticket_status', recordId: 'order', action: 'ticket_status.reordered', changes: { order: { from: before, to: statusIds } } });
  });
  return listTicketStatuses(ctx);
}
