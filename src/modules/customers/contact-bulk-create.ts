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
import { contactEmails, contactIdentifiers, contacts, customerAddresses, customerPhones } from './customers.tables.js';

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
  const rows = await tx
    .insert(contacts)
    .values(
      prepared.map(({ id, input, emails, phones, customFields }) => ({
        id,
        firstName: input.firstName,
        lastName: input.lastName,
        email: emails.find((entry) => entry.isDefault)?.email ?? null,
        phone: phones.find((entry) => entry.isDefault)?.number ?? null,
        companyName: input.companyName ?? null,
        jobTitle: input.jobTitle ?? null,
        salesRepCode: input.salesRepCode ?? null,
        tags: input.tags ?? [],
        disabled: input.disabled ?? false,
        customFields,
        source,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning();
  const emailRows = prepared.flatMap(({ id, emails }) => emails.map((entry, position) => ({ contactId: id, ...entry, position })));
  const phoneRows = prepared.flatMap(({ id, phones }) => phones.map((entry, position) => ({ contactId: id, ...entry, digits: phoneDigits(entry.number), position })));
  const addressRows = prepared.flatMap(({ id, addresses }) => addresses.map((entry, position) => ({ contactId: id, ...entry, position })));
  const identifierRows = prepared.flatMap(({ id, identifiers }) => identifiers.map((entry) => ({ contactId: id, kind: entry.kind, value: entry.value, valueKey: identifierKey(entry.value) })));
  if (emailRows.length) await tx.insert(contactEmails).values(emailRows);
  if (phoneRows.length) await tx.insert(customerPhones).values(phoneRows);
  if (addressRows.length) await tx.insert(customerAddresses).values(addressRows);
  if (identifierRows.length) await tx.insert(contactIdentifiers).values(identifierRows);
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
