import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { defineRights, hasRight } from '../access/index.js';

export const mailInRights = {
  quarantineRead: 'mail_in.quarantine.read',
} as const;

defineRights([{ key: mailInRights.quarantineRead, module: 'mail_in', label: 'See quarantined mail', description: 'Inbound mail that could not be taken, with the reason, and its raw message' }]);

export type MailInAction = 'quarantine.read' | 'inbound.read';

const rightsFor: Record<MailInAction, string[]> = {
  'quarantine.read': [mailInRights.quarantineRead],
  // An inbound mail is part of a ticket's conversation: whoever reads tickets reads it.
  'inbound.read': ['care.tickets.read', 'care.tickets.work'],
};

/** Who may see what of email-in. Pure. */
export function canMailIn(actor: Actor, action: MailInAction): boolean {
  return rightsFor[action].some((right) => hasRight(actor, right));
}

export function assertCanMailIn(actor: Actor, action: MailInAction): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!canMailIn(actor, action)) throw AppError.forbidden();
}
