import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { accessRights } from './rights.js';

/** True when the actor holds the right. Admins hold every right. */
export function hasRight(actor: Actor, right: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind !== 'user') return false;
  return actor.isAdmin || actor.rights.has(right);
}

export type AccessAction =
  | 'user.read'
  | 'user.manage'
  | 'user.grant_admin'
  | 'group.read'
  | 'group.manage'
  | 'unit.read'
  | 'unit.manage'
  | 'token.create'
  | 'token.read'
  | 'token.revoke';

/** Who may do what in the access module. Pure: decides from the actor and the record only. */
export function canAccess(actor: Actor, action: AccessAction, record?: { userId?: string }): boolean {
  switch (action) {
    case 'user.read':
      return hasRight(actor, accessRights.usersRead) || hasRight(actor, accessRights.usersManage);
    case 'user.manage':
      return hasRight(actor, accessRights.usersManage);
    case 'user.grant_admin':
      // Only an admin can make (or unmake) another admin, or someone could raise themselves.
      return actor.kind === 'system' || (actor.kind === 'user' && actor.isAdmin);
    case 'group.read':
      return hasRight(actor, accessRights.groupsRead) || hasRight(actor, accessRights.groupsManage);
    case 'group.manage':
      return hasRight(actor, accessRights.groupsManage);
    case 'unit.read':
      return actor.kind === 'user' || actor.kind === 'system';
    case 'unit.manage':
      return hasRight(actor, accessRights.unitsManage);
    case 'token.create':
      return actor.kind === 'user' || actor.kind === 'system';
    case 'token.read':
    case 'token.revoke':
      if (actor.kind === 'user' && record?.userId === actor.id) return true;
      return hasRight(actor, accessRights.tokensManage);
    default:
      return false;
  }
}

export function assertCan(actor: Actor, action: AccessAction, record?: { userId?: string }): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!canAccess(actor, action, record)) throw AppError.forbidden();
}

/** A user may hand out only rights they hold themselves (admins hold all). */
export function assertCanGrant(actor: Actor, rightKeys: readonly string[]): void {
  const missing = rightKeys.filter((key) => !hasRight(actor, key));
  if (missing.length > 0) {
    throw new AppError('forbidden', `You cannot grant rights you do not hold: ${missing.join(', ')}`, {
      errors: [{ field: 'rightKeys', message: `not held by you: ${missing.join(', ')}` }],
    });
  }
}
