import { asc } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/context.js';
import { AppError, isUniqueViolation } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/record-event.js';
import type { createCancellationReasonBody } from '../care-config.contract.js';
import { cancellationReasons } from '../care-config.tables.js';
import { assertCanCare } from '../care.policy.js';

export async function listCancellationReasons(ctx: ServiceContext) {
  assertCanCare(ctx.actor, 'config.read');
  const rows = await ctx.db.select().from(cancellationReasons).orderBy(asc(cancellationReasons.name));
  return { items: rows.map((row) => ({ id: row.id, name: row.name })) };
}

export async function createCancellationReason(ctx: ServiceContext, input: z.infer<typeof createCancellationReasonBody>) {
  assertCanCare(ctx.actor, 'config.manage');
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(cancellationReasons).values(input).returning();
      await recordEvent(tx, ctx, { recordType: 'cancellation_reason', recordId: row!.id, action: 'cancellation_reason.created', changes: { name: input.name } });
      return { id: row!.id, name: row!.name };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict('This cancellation reason exists already', 'name');
    throw error;
  }
}
