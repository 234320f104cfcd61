/**
 * Creates many new contacts in a few multi-row statements (imports), with the same rules and
 * events as saveContact. The caller checks beforehand that the rows reference nothing and that
 * no email or identifier is taken; a clash still fails the statement, and the caller then falls
 * back to saving the rows one by one.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { recordEvents } from '../../platform/events/record-event.js';
import { identifierKey, phoneDigits, repeatedEmails, settleDefaults } from './contact-points.js';
import { contactSnapshot } from './contacts.service.js';
import { applyCustomFieldValues, type FieldDefinition } from './custom-field-values.js';
import type { CreateContactInput } from './customers.contract.js';
import type { ContactRow } from './customers.tables.js';
import { insertRecordset } from '../../platform/db/recordset-insert.js';

const contactColumns = {
  id: 'uuid',
  first_name: 'text',
  last_name: 'text',
  email: 'text',
  phone: 'text',
  company_name: 'text',
  job_title: 'text',
  sales_rep_code: 'text',
  tags: 'text[]',
  disabled: 'boolean',
  custom_fields: 'jsonb',
  source: 'text',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
};
const addressColumns = {
  contact_id: 'uuid',
  kind: 'text',
  is_default: 'boolean',
  line1: 'text',
  line2: 'text',
  city: 'text',
  region: 'text',
  postal_code: 'text',
  country: 'text',
  position: 'integer',
};

export interface NewContact {
  input: CreateContactInput;
  /** Custom field values as text, checked and converted against the definitions. */
  customFields: Record<string, string>;
}

/** Why a new contact cannot be created, checked without the database; undefined when it can. */
export function newContactProblem(contact: NewContact, definitions: FieldDefinition[]): string | undefined {
  const { input } = contact;
  if (input.ownerId || input.companyId) return 'the bulk path takes no owner or company ids';
  const emails = settleDefaults(input.emails ?? [], 'emails');
  const phones = settleDefaults(input.phones ?? [], 'phones');
  const addresses = settleDefaults(input.addresses ?? [], 'addresses', (address) => address.kind);
  const problems = [...emails.errors, ...repeatedEmails(emails.entries, 'emails'), ...phones.errors, ...addresses.errors].map((error) => `${error.field}: ${error.message}`);
  const identifierKeys = (input.identifiers ?? []).map((entry) => `${entry.kind}:${identifierKey(entry.value)}`);
  if (new Set(identifierKeys).size !== identifierKeys.length) problems.push('identifiers: the same identifier is listed twice');
  if (!input.firstName && !input.lastName && !emails.entries.length) problems.push('firstName: give a name or an email');
  const values = applyCustomFieldValues(definitions, {}, contact.customFields, 'create');
  problems.push(...values.errors.map((error) => `${error.field}: ${error.message}`));
  return problems.length ? problems.join('; ') : undefined;
}

/** Inserts the contacts (already checked with newContactProblem) and their events; answers their ids in order. */
export async function insertContactsInBulk(tx: Queryable, ctx: ServiceContext, list: NewContact[], definitions: FieldDefinition[], source: string): Promise<string[]> {
  if (!list.length) return [];
  const now = ctx.clock.now();
  const prepared = list.map(({ input, customFields }) => {
    const emails = settleDefaults(input.emails ?? [], 'emails').entries;
    const phones = settleDefaults(input.phones ?? [], 'phones').entries;
    const addresses = settleDefaults(input.addresses ?? [], 'addresses', (address) => address.kind).entries;
    const identifiers = input.identifiers ?? [];
    const values = applyCustomFieldValues(definitions, {}, customFields, 'create').values;
    return { id: randomUUID(), input, emails, phones, addresses, identifiers, customFields: values };
  });
  const rows: ContactRow[] = prepared.map(({ id, input, emails, phones, customFields }) => ({
    id,
    firstName: input.firstName,
    lastName: input.lastName,
    email: emails.find((entry) => entry.isDefault)?.email ?? null,
    phone: phones.find((entry) => entry.isDefault)?.number ?? null,
    companyName: input.companyName ?? null,
    companyId: null,
    jobTitle: input.jobTitle ?? null,
    ownerId: null,
    salesRepCode: input.salesRepCode ?? null,
    tags: input.tags ?? [],
    lifecycleState: 'prospect',
    disabled: input.disabled ?? false,
    customFields,
    source,
    version: 1,
    createdAt: now,
    updatedAt: now,
  }));
  await insertRecordset(
    tx,
    'contacts',
    contactColumns,
    rows.map((row) => ({
      id: row.id,
      first_name: row.firstName,
      last_name: row.lastName,
      email: row.email,
      phone: row.phone,
      company_name: row.companyName,
      job_title: row.jobTitle,
      sales_rep_code: row.salesRepCode,
      tags: row.tags,
      disabled: row.disabled,
      custom_fields: row.customFields,
      source: row.source,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })),
  );
  const emailRows = prepared.flatMap(({ id, emails }) => emails.map((entry, position) => ({ contact_id: id, email: entry.email, label: entry.label, is_default: entry.isDefault, position })));
  const phoneRows = prepared.flatMap(({ id, phones }) =>
    phones.map((entry, position) => ({ contact_id: id, number: entry.number, digits: phoneDigits(entry.number), label: entry.label, is_default: entry.isDefault, position })),
  );
  const addressRows = prepared.flatMap(({ id, addresses }) =>
    addresses.map((entry, position) => ({
      contact_id: id,
      kind: entry.kind,
      is_default: entry.isDefault,
      line1: entry.line1,
      line2: entry.line2,
      city: entry.city,
      region: entry.region,
      postal_code: entry.postalCode,
      country: entry.country,
      position,
    })),
  );
  const identifierRows = prepared.flatMap(({ id, identifiers }) => identifiers.map((entry) => ({ contact_id: id, kind: entry.kind, value: entry.value, value_key: identifierKey(entry.value) })));
  await insertRecordset(tx, 'contact_emails', { contact_id: 'uuid', email: 'text', label: 'text', is_default: 'boolean', position: 'integer' }, emailRows);
  await insertRecordset(tx, 'customer_phones', { contact_id: 'uuid', number: 'text', digits: 'text', label: 'text', is_default: 'boolean', position: 'integer' }, phoneRows);
  await insertRecordset(tx, 'customer_addresses', addressColumns, addressRows);
  await insertRecordset(tx, 'contact_identifiers', { contact_id: 'uuid', kind: 'text', value: 'text', value_key: 'text' }, identifierRows);
  await recordEvents(
    tx,
    ctx,
    rows.map((row, index) => {
      const { emails, phones, addresses, identifiers } = prepared[index]!;
      const points = { emails, phones, addresses, identifiers: [...identifiers].sort((a, b) => a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value)) };
      return { recordType: 'contact', recordId: row.id, action: 'contact.created', changes: contactSnapshot(row, points) };
    }),
  );
  return prepared.map((contact) => contact.id);
}
