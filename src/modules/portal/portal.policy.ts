import type { Actor, CustomerActor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { hasRight } from '../access/index.js';
import { customerRights } from '../customers/index.js';

/** A customer signed in to My Account (a portal session, so an account). */
export type PortalCustomer = CustomerActor & { accountId: string };

/**
 * Portal operations act for the signed-in customer only; staff sessions, and customers who only
 * followed a signed link from a mail, do not reach them.
 */
export function assertCustomer(actor: Actor): PortalCustomer {
  if (actor.kind !== 'customer' || actor.accountId === null) throw new AppError('unauthenticated', 'Sign in to My Account first');
  return { ...actor, accountId: actor.accountId };
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
