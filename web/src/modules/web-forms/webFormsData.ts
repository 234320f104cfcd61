import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, ApiError, call, type BodyOf, type ResponseOf } from '../../api/client';
import { rights } from '../../apps/staff/rights';
import { hasRight, useSession } from '../../apps/staff/session';

export type WebForm = ResponseOf<'getWebForm'>;
export type WebFormFieldInput = BodyOf<'createWebForm'>['fields'][number];
export type FormFieldType = NonNullable<WebForm['fields'][number]['type']>;
export type ContactFieldKey = Extract<WebFormFieldInput, { kind: 'contact' }>['key'];
export type WebFormSubmission = ResponseOf<'listWebFormSubmissions'>['items'][number];

export const webFormsPath = '/admin/web-forms';

export const webFormKeys = {
  all: ['web-forms'] as const,
  list: ['web-forms', 'list'] as const,
  form: (id: string) => ['web-forms', 'form', id] as const,
  submissions: (id: string) => ['web-forms', 'submissions', id] as const,
};

export function useCanReadWebForms(): boolean {
  const session = useSession();
  return hasRight(session, rights.webFormsRead) || hasRight(session, rights.webFormsManage);
}

export function useCanManageWebForms(): boolean {
  return hasRight(useSession(), rights.webFormsManage);
}

export function useWebForms() {
  const query = useQuery({ queryKey: webFormKeys.list, queryFn: () => call(api.GET('/api/v1/web-forms')) });
  return { ...query, items: query.data?.items ?? [] };
}

export function useWebForm(id: string) {
  return useQuery({ queryKey: webFormKeys.form(id), queryFn: () => call(api.GET('/api/v1/web-forms/{id}', { params: { path: { id } } })) });
}

export function refreshWebForms(client: QueryClient) {
  return client.invalidateQueries({ queryKey: webFormKeys.all });
}

export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

/** The contact's own fields, in the order they usually appear on a form. */
export const contactFieldLabels: Record<ContactFieldKey, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  job_title: 'Job title',
  address_line1: 'Address',
  address_line2: 'Address line 2',
  city: 'City',
  region: 'State / region',
  postal_code: 'Postal code',
  country: 'Country (two-letter code)',
};

export const formFieldTypeLabels: Record<FormFieldType, string> = {
  text: 'Short text',
  textarea: 'Long text',
  number: 'Number',
  date: 'Date',
  choice: 'Choice',
  boolean: 'Tick box',
  email: 'Email address',
  url: 'Web address',
};

/** Field errors by path without `body.`: `fields.2.label`, `slug`, `categoryId`. */
export function errorsByPath(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  const result: Record<string, string> = {};
  for (const entry of error.problem.errors) {
    const path = entry.field.replace(/^body\./, '');
    if (!result[path]) result[path] = entry.message;
  }
  return result;
}

/** A slug from a name: "Warranty claim" → "warranty-claim". */
export function slugFrom(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** A field key from a label: "Order number" → "order_number". */
export function keyFrom(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'q_$1')
    .slice(0, 50);
}
