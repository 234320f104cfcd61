import type { Actor, CustomerActor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { hasRight } from '../access/index.js';
import { customerRights } from '../customers/index.js';

/** Portal operations act for the signed-in customer only; staff sessions do not reach them. */
export function assertCustomer(actor: Actor): CustomerActor {
  if (actor.kind !== 'customer') throw new AppError('unauthenticated', 'Sign in to My Account first');
  return actor;
}

/** Inviting a contact to the portal is managing that contact. */
export function assertMayInvite(actor: Actor): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!hasRight(actor, customerRights.contactsManage)) throw AppError.forbidden('Inviting a contact to My Account needs the right to manage contacts');
}

/** Bot checks and sign-in limits: per address, per email, per account. */
export const portalLimits = {
  signUpPerAddressPerHour: 5,
  requestsPerAccountPerHour: 10,
  requestsPerAddressPerHour: 30,
};
