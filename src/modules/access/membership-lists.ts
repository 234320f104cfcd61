import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { businessUnits, groups, users } from './access.tables.js';
import { unknownRightKeys } from './actors.service.js';

/** Checks that every referenced user, group, unit and right exists; the error names the field. */
export async function assertReferencesExist(
  db: Queryable,
  input: { userIds?: { field: string; ids: string[] }; groupIds?: string[]; unitIds?: string[]; rightKeys?: { field: string; keys: string[] } },
): Promise<void> {
  const missingOf = (wanted: string[], found: { id: string }[]) => wanted.filter((id) => !found.some((row) => row.id === id));
  if (input.userIds?.ids.length) {
    const found = await db.select({ id: users.id }).from(users).where(inArray(users.id, input.userIds.ids));
    const missing = missingOf(input.userIds.ids, found);
    if (missing.length) throw AppError.invalid(input.userIds.field, `unknown user ${missing.join(', ')}`);
  }
  if (input.groupIds?.length) {
    const missing = missingOf(input.groupIds, await db.select({ id: groups.id }).from(groups).where(inArray(groups.id, input.groupIds)));
    if (missing.length) throw AppError.invalid('groupIds', `unknown group ${missing.join(', ')}`);
  }
  if (input.unitIds?.length) {
    const missing = missingOf(input.unitIds, await db.select({ id: businessUnits.id }).from(businessUnits).where(inArray(businessUnits.id, input.unitIds)));
    if (missing.length) throw AppError.invalid('unitIds', `unknown business unit ${missing.join(', ')}`);
  }
  if (input.rightKeys?.keys.length) {
    const missing = await unknownRightKeys(db, input.rightKeys.keys);
    if (missing.length) throw AppError.invalid(input.rightKeys.field, `unknown right ${missing.join(', ')}`);
  }
}
