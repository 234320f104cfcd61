import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { defineRights, hasRight } from '../access/index.js';

export const customerRights = {
  contactsRead: 'customers.contacts.read',
  contactsManage: 'customers.contacts.manage',
  contactsDelete: 'customers.contacts.delete',
} as const;

defineRights([
  { key: customerRights.contactsRead, module: 'customers', label: 'View customers', description: 'See contacts and their details' },
  { key: customerRights.contactsManage, module: 'customers', label: 'Create and edit customers' },
  { key: customerRights.contactsDelete, module: 'customers', label: 'Delete customers', description: 'Only customers nothing else refers to' },
]);

export type CustomerAction = 'contact.read' | 'contact.manage' | 'contact.delete';

const rightsFor: Record<CustomerAction, string[]> = {
  // Whoever edits customers, or works tickets (which show and create contacts), may look them up.
  'contact.read': [customerRights.contactsRead, customerRights.contactsManage, 'care.tickets.read', 'care.tickets.work'],
  'contact.manage': [customerRights.contactsManage],
  'contact.delete': [customerRights.contactsDelete],
};

/** Who may do what with customer records. Pure. */
export function canCustomers(actor: Actor, action: CustomerAction): boolean {
  return rightsFor[action].some((right) => hasRight(actor, right));
}

export function assertCanCustomers(actor: Actor, action: CustomerAction): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!canCustomers(actor, action)) throw AppError.forbidden();
}
