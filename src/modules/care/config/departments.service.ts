import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/context.js';
import { createBusinessUnit, listBusinessUnits, updateBusinessUnit } from '../../access/index.js';
import type { createDepartmentBody, updateDepartmentBody } from '../care-config.contract.js';
import { assertCanCare } from '../care.policy.js';

/** Departments are business units; care settings list them, optionally only those customers see. */
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

/**
 * Creating a department creates a business unit, so it needs both the care settings right and
 * the right to manage units (members of a unit gain what the unit may do).
 */
export async function createDepartment(ctx: ServiceContext, input: z.infer<typeof createDepartmentBody>) {
  assertCanCare(ctx.actor, 'config.manage');
  return createBusinessUnit(ctx, input);
}

/**
 * Changes a department's name, visibility, notification email or members. It is the business unit
 * itself that changes (one row, one `business_unit.updated` event in the same transaction), so the
 * same two rights as creating are needed.
 */
export async function updateDepartment(ctx: ServiceContext, id: string, expectedVersion: number, input: Omit<z.infer<typeof updateDepartmentBody>, 'version'>) {
  assertCanCare(ctx.actor, 'config.manage');
  return updateBusinessUnit(ctx, id, expectedVersion, input);
}
