import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { defineRights, hasRight } from '../access/index.js';

export const webFormRights = {
  read: 'web_forms.forms.read',
  manage: 'web_forms.forms.manage',
} as const;

defineRights([
  { key: webFormRights.read, module: 'web_forms', label: 'View web forms', description: 'See the forms, their public addresses and embed code' },
  { key: webFormRights.manage, module: 'web_forms', label: 'Manage web forms', description: 'Build, change, switch off and delete the public forms that open cases' },
]);

export type WebFormAction = 'read' | 'manage';

const rightsFor: Record<WebFormAction, string[]> = {
  read: [webFormRights.read, webFormRights.manage],
  manage: [webFormRights.manage],
};

/** Who may do what with web forms (staff only; senders of a form need no rights). Pure. */
export function canWebForms(actor: Actor, action: WebFormAction): boolean {
  return rightsFor[action].some((right) => hasRight(actor, right));
}

export function assertCanWebForms(actor: Actor, action: WebFormAction): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!canWebForms(actor, action)) throw AppError.forbidden();
}

/**
 * Limits on public submissions: per sender address (a script), and per email (someone filling
 * forms with another person's address to flood them with confirmations). A form shown less than
 * `minimumFillSeconds` before it is sent was not filled by a person.
 */
export const webFormLimits = {
  submissionsPerAddressPerHour: 20,
  submissionsPerEmailPerHour: 5,
  minimumFillSeconds: 3,
};
