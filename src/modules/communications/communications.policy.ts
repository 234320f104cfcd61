import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { defineRights, hasRight } from '../access/index.js';

export const communicationRights = {
  settingsRead: 'communications.settings.read',
  settingsManage: 'communications.settings.manage',
  emailSend: 'communications.email.send',
} as const;

defineRights([
  { key: communicationRights.settingsRead, module: 'communications', label: 'View mail templates and communication rules' },
  { key: communicationRights.settingsManage, module: 'communications', label: 'Manage mail templates and communication rules', description: 'Edit templates and choose which events send which mail to whom' },
  { key: communicationRights.emailSend, module: 'communications', label: 'Email customers', description: 'Send a one-off templated email to a customer from a ticket or contact' },
]);

export type CommunicationAction = 'settings.read' | 'settings.manage' | 'email.send';

const rightFor: Record<CommunicationAction, string[]> = {
  'settings.read': [communicationRights.settingsRead, communicationRights.settingsManage, communicationRights.emailSend],
  'settings.manage': [communicationRights.settingsManage],
  'email.send': [communicationRights.emailSend],
};

/** Who may do what with communications. Pure. */
export function canCommunicate(actor: Actor, action: CommunicationAction): boolean {
  return rightFor[action].some((right) => hasRight(actor, right));
}

export function assertCanCommunicate(actor: Actor, action: CommunicationAction): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!canCommunicate(actor, action)) throw AppError.forbidden();
}
