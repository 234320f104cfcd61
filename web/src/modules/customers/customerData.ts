import type { ResponseOf } from '../../api/client';

export type Contact = ResponseOf<'getContact'>;
export type ContactSummary = ResponseOf<'listContacts'>['items'][number];

export const customerRights = {
  read: 'customers.contacts.read',
  manage: 'customers.contacts.manage',
  delete: 'customers.contacts.delete',
} as const;
