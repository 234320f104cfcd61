import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/context.js';
import { queryRows } from '../../../platform/db/client.js';
import { AppError, isForeignKeyViolation, isUniqueViolation } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/record-event.js';
import { staleVersionError } from '../../../platform/http/versioning.js';
import type { createCancellationReasonBody } from '../care-config.contract.js';
import { cancellationReasons } from '../care-config.tables.js';
import { assertCanCare } from '../care.policy.js';
import { forgetTicketTypeRules } from '../ticket-type-rules.js';
import { tickets } from '../tickets.tables.js';

type ReasonRow = typeof cancellationReasons.$inferSelect;
const toReason = (row: ReasonRow) => ({ id: row.id, name: row.name, version: row.version });
const nameTaken = () => AppError.conflict('This cancellation reason exists already', 'name');

export async function listCancellationReasons(ctx: ServiceContext) {
  assertCanCare(ctx.actor, 'config.read');
  const rows = await ctx.db.select().from(cancellationReasons).orderBy(asc(cancellationReasons.name));
  return { items: rows.map(toReason) };
}

export async function createCancellationReason(ctx: ServiceContext, input: z.infer<typeof createCancellationReasonBody>) {
  assertCanCare(ctx.actor, 'config.manage');
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(cancellationReasons).values(input).returning();
      await recordEvent(tx, ctx, { recordType: 'cancellation_reason', recordId: row!.id, action: 'cancellation_reason.created', changes: { name: input.name } });
      return toReason(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function renameCancellationReason(ctx: ServiceContext, id: string, expectedVersion: number, input: { name: string }) {
  assertCanCare(ctx.actor, 'config.manage');
  const [before] = await ctx.db.select().from(cancellationReasons).where(eq(cancellationReasons.id, id));
  if (!before) throw AppError.notFound('Cancellation reason');
  try {
    const reason = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(cancellationReasons)
        .set({ name: input.name, version: sql`${cancellationReasons.version} + 1` })
        .where(and(eq(cancellationReasons.id, id), eq(cancellationReasons.version, expectedVersion)))
        .returning();
      if (!row) throw staleVersionError('This cancellation reason');
      await recordEvent(tx, ctx, { recordType: 'cancellation_reason', recordId: id, action: 'cancellation_reason.updated', changes: { name: { from: before.name, to: row.name } } });
      return toReason(row);
    });
    forgetTicketTypeRules();
    return reason;
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/**
 * Deleting a reason takes it off every type that offers it; a reason some cancelled ticket gives
 * stays, since the ticket's history needs it.
 */
export async function deleteCancellationReason(ctx: ServiceContext, id: string) {
  assertCanCare(ctx.actor, 'config.manage');
  const [before] = await ctx.db.select().from(cancellationReasons).where(eq(cancellationReasons.id, id));
  if (!before) throw AppError.notFound('Cancellation reason');
  const refuse = () => AppError.conflict('Cancelled tickets give this reason, so it cannot be deleted');
  const used = await queryRows(ctx.db, sql`SELECT 1 AS found FROM ${tickets} WHERE ${tickets.cancellationReasonId} = ${id} LIMIT 1`);
  if (used.length) throw refuse();
  await ctx.db
    .transaction(async (tx) => {
      await tx.delete(cancellationReasons).where(eq(cancellationReasons.id, id));
      await recordEvent(tx, ctx, { recordType: 'cancellation_reason', recordId: id, action: 'cancellation_reason.deleted', changes: { name: before.name } });
    })
    .catch((error: unknown) => {
      // A ticket cancelled with it meanwhile: the foreign key refuses the delete.
      throw isForeignKeyViolation(error) ? refuse() : error;
    })
    .finally(forgetTicketTypeRules);
}
