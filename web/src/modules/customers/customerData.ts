import { useQuery } from '@tanstack/react-query';
import { ApiError, api, call, type ResponseOf } from '../../api/client';

export type Contact = ResponseOf<'getContact'>;
export type ContactSummary = ResponseOf<'listContacts'>['items'][number];
export type Company = ResponseOf<'getCompany'>;
export type CompanySummary = ResponseOf<'listCompanies'>['items'][number];
export type Account = ResponseOf<'getAccount'>;
export type AccountSummary = ResponseOf<'listAccounts'>['items'][number];
export type CustomField = ResponseOf<'listCustomFields'>['items'][number];
export type RecordKind = CustomField['recordKind'];
export type EmailEntry = Contact['emails'][number];
export type PhoneEntry = Contact['phones'][number];
export type AddressEntry = Contact['addresses'][number];
export type IdentifierEntry = Contact['identifiers'][number];

export const customerRights = {
  read: 'customers.contacts.read',
  manage: 'customers.contacts.manage',
  delete: 'customers.contacts.delete',
  merge: 'customers.contacts.merge',
  accounts: 'customers.accounts.manage',
  fields: 'customers.fields.manage',
} as const;

export const identifierLabels: Record<IdentifierEntry['kind'], string> = { id_number: 'ID number', passport: 'Passport', social_security: 'Social security', vat_number: 'VAT number' };
export const addressKindLabels: Record<AddressEntry['kind'], string> = { billing: 'Billing', shipping: 'Shipping', other: 'Other' };

/** The active custom fields of one kind of record, in their admin-set order. */
export function useCustomFields(recordKind: RecordKind) {
  const query = useQuery({
    queryKey: ['custom-fields', recordKind],
    queryFn: () => call(api.GET('/api/v1/custom-fields', { params: { query: { recordKind } } })),
    staleTime: 60_000,
  });
  return { query, fields: query.data?.items ?? [] };
}

/** Field errors by their full path without the `body.` prefix: `emails.1.email`, `customFields.tier`. */
export function errorsByPath(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  const result: Record<string, string> = {};
  for (const entry of error.problem.errors) {
    const path = entry.field.replace(/^(body|query|params)\./, '');
    if (!result[path]) result[path] = entry.message;
  }
  return result;
}

export function formatAddress(address: AddressEntry): string {
  return [address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), address.region, address.country].filter(Boolean).join(', ');
}

export function customFieldText(field: CustomField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field.type === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}
