import { asc } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/context.js';
import { AppError, isUniqueViolation } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/record-event.js';
import { createBusinessUnit, listBusinessUnits } from '../../access/index.js';
import type { createCancellationReasonBody, createDepartmentBody } from '../care-config.contract.js';
import { cancellationReasons, priorityLevels, priorityMatrix } from '../care-config.tables.js';
import { assertCanCare } from '../care.policy.js';
import { completePriorityMatrix } from '../priority.js';

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

/** Departments are business units; the care settings read them and customer visibility. */
export async function listDepartments(ctx: ServiceContext, query: { visibleToCustomers?: 'true' | 'false' }) {
  assertCanCare(ctx.actor, 'config.read');
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await listBusinessUnits(ctx, { cursor, limit: 200 });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const wanted = query.visibleToCustomers === undefined ? undefined : query.visibleToCustomers === 'true';
  return { items: items.filter((unit) => wanted === undefined || unit.visibleToCustomers === wanted) };
}

export async function createDepartment(ctx: ServiceContext, input: z.infer<typeof createDepartmentBody>) {
  assertCanCare(ctx.actor, 'config.manage');
  return createBusinessUnit(ctx, input);
}

export async function getPriorityModel(ctx: ServiceContext) {
  assertCanCare(ctx.actor, 'config.read');
  const [levels, cells] = await Promise.all([ctx.db.select().from(priorityLevels).orderBy(asc(priorityLevels.rank)), ctx.db.select().from(priorityMatrix)]);
  const ofKind = (kind: 'impact' | 'urgency' | 'priority') =>
    levels.filter((level) => level.kind === kind).map((level) => ({ id: level.id, rank: level.rank, label: level.label, enabled: level.enabled, isDefault: level.isDefault }));
  const matrix = completePriorityMatrix(ofKind('impact'), ofKind('urgency'), ofKind('priority'), cells).map((cell) => ({
    ...cell,
    explicit: cells.some((given) => given.impactId === cell.impactId && given.urgencyId === cell.urgencyId),
  }));
  return { impacts: ofKind('impact'), urgencies: ofKind('urgency'), priorities: ofKind('priority'), matrix };
}

