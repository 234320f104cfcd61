import type { Queryable } from '../../platform/db/client.js';
import { assertDepartmentExists } from './tickets.service.js';
import { assertCategoryAllowed, defaultTicketTypeId, loadTicketTypeRules } from './ticket-type-rules.js';

/** Where tickets from a channel of their own go: a type, a department and a request category. */
export interface TicketTarget {
  typeId?: string | null;
  departmentId?: string | null;
  categoryId?: string | null;
}

/**
 * For channels set up ahead of the tickets they open (web forms): checks that the target type
 * exists, the department exists and the category is a request category the type allows. Errors
 * name `typeId`, `departmentId` or `categoryId`. Reads the type afresh: an admin just changed it.
 */
export async function assertTicketTarget(db: Queryable, target: TicketTarget): Promise<void> {
  const rules = await loadTicketTypeRules(db, target.typeId ?? (await defaultTicketTypeId(db)), { fresh: true });
  if (target.departmentId) await assertDepartmentExists(db, target.departmentId);
  if (target.categoryId) await assertCategoryAllowed(db, rules, target.categoryId, 'request', 'categoryId');
}
