import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { defineRights, hasRight } from '../access/index.js';

export const customerRights = {
  contactsRead: 'customers.contacts.read',
  contactsManage: 'customers.contacts.manage',
  contactsDelete: 'customers.contacts.delete',
  contactsMerge: 'customers.contacts.merge',
  accountsManage: 'customers.accounts.manage',
  fieldsManage: 'customers.fields.manage',
} as const;

defineRights([
  { key: customerRights.contactsRead, module: 'customers', label: 'View customers', description: 'See contacts, companies, accounts and their notes' },
  { key: customerRights.contactsManage, module: 'customers', label: 'Create and edit customers', description: 'Contacts, companies and notes' },
  { key: customerRights.contactsDelete, module: 'customers', label: 'Delete customers', description: 'Only customers nothing else refers to' },
  { key: customerRights.contactsMerge, module: 'customers', label: 'Merge duplicate contacts', description: 'Merge two contacts into one (their tickets, notes and accounts move) and undo a merge' },
  { key: customerRights.accountsManage, module: 'customers', label: 'Manage accounts', description: 'Create and edit trading accounts (account number, credit rating, who acts on them)' },
  { key: customerRights.fieldsManage, module: 'customers', label: 'Manage custom fields', description: 'Define the custom fields of contacts, companies and accounts' },
]);

export type CustomerAction = 'customer.read' | 'customer.manage' | 'customer.delete' | 'customer.merge' | 'account.manage' | 'custom_field.manage' | 'note.write';

const rightsFor: Record<CustomerAction, string[]> = {
  // Whoever edits customers, or works tickets (which show and create contacts), may look them up.
  'customer.read': [customerRights.contactsRead, customerRights.contactsManage, customerRights.contactsMerge, customerRights.accountsManage, 'care.tickets.read', 'care.tickets.work'],
  'customer.manage': [customerRights.contactsManage],
  'customer.delete': [customerRights.contactsDelete],
  // A merge hides a contact and moves tickets, notes and accounts: a right of its own.
  'customer.merge': [customerRights.contactsMerge],
  'account.manage': [customerRights.accountsManage],
  'custom_field.manage': [customerRights.fieldsManage],
  // Agents who talk to a customer on a ticket may leave a note on the record too.
  'note.write': [customerRights.contactsManage, customerRights.accountsManage, 'care.tickets.work'],
};

/** Who may do what with customer records. Pure. */
export function canCustomers(actor: Actor, action: CustomerAction): boolean {
  return rightsFor[action].some((right) => hasRight(actor, right));
}

export function assertCanCustomers(actor: Actor, action: CustomerAction): void {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!canCustomers(actor, action)) throw AppError.forbidden();
}

/** A note may be edited or deleted by its author, or by anyone who manages customers. */
export function canEditNote(actor: Actor, note: { authorUserId: string | null }): boolean {
  if (hasRight(actor, customerRights.contactsManage)) return true;
  return actor.kind === 'user' && note.authorUserId === actor.id && canCustomers(actor, 'note.write');
}
