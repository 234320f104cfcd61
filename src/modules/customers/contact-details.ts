import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { identifierKey } from './contact-points.js';
import { phoneDigits, toE164 } from './phone-numbers.js';
import type { IdentifierEntry } from './customers.contract.js';
import { contactEmails, contactIdentifiers, customerAddresses, customerPhones } from './customers.tables.js';
import type { AddressEntry, EmailEntry, PhoneEntry } from './shared.contract.js';

/** The child rows of a contact or company: emails, phones, addresses and identifiers. */

export type PointOwner = { contactId: string } | { companyId: string };

function ownerCondition(table: { contactId: PgColumn; companyId: PgColumn }, owner: PointOwner) {
  return 'contactId' in owner ? eq(table.contactId, owner.contactId) : eq(table.companyId, owner.companyId);
}

export async function loadEmails(db: Queryable, contactId: string): Promise<EmailEntry[]> {
  const rows = await db.select().from(contactEmails).where(eq(contactEmails.contactId, contactId)).orderBy(asc(contactEmails.position));
  return rows.map((row) => ({ email: row.email, label: row.label as EmailEntry['label'], isDefault: row.isDefault }));
}

export async function loadPhones(db: Queryable, owner: PointOwner): Promise<PhoneEntry[]> {
  const rows = await db.select().from(customerPhones).where(ownerCondition(customerPhones, owner)).orderBy(asc(customerPhones.position));
  return rows.map((row) => ({ number: row.number, label: row.label as PhoneEntry['label'], isDefault: row.isDefault }));
}

export async function loadAddresses(db: Queryable, owner: PointOwner): Promise<AddressEntry[]> {
  const rows = await db.select().from(customerAddresses).where(ownerCondition(customerAddresses, owner)).orderBy(asc(customerAddresses.position));
  return rows.map(({ kind, isDefault, line1, line2, city, region, postalCode, country }) => ({ kind, isDefault, line1, line2, city, region, postalCode, country }));
}

export async function loadIdentifiers(db: Queryable, contactId: string): Promise<IdentifierEntry[]> {
  const rows = await db.select().from(contactIdentifiers).where(eq(contactIdentifiers.contactId, contactId)).orderBy(asc(contactIdentifiers.kind), asc(contactIdentifiers.value));
  return rows.map((row) => ({ kind: row.kind, value: row.value }));
}

/** Replaces a contact's emails. An address another contact has is a 409 naming the entry. */
export async function replaceEmails(tx: Queryable, contactId: string, emails: EmailEntry[], field: string) {
  if (emails.length) {
    const taken = await tx
      .select({ email: contactEmails.email })
      .from(contactEmails)
      .where(and(inArray(sql`lower(${contactEmails.email})`, emails.map((entry) => entry.email.toLowerCase())), ne(contactEmails.contactId, contactId)));
    const clash = emails.findIndex((entry) => taken.some((row) => row.email.toLowerCase() === entry.email.toLowerCase()));
    if (clash >= 0) throw AppError.conflict(`${emails[clash]!.email} belongs to another contact`, field === 'email' ? 'email' : `${field}.${clash}.email`);
  }
  await tx.delete(contactEmails).where(eq(contactEmails.contactId, contactId));
  if (!emails.length) return;
  try {
    await tx.insert(contactEmails).values(emails.map((entry, position) => ({ contactId, ...entry, position })));
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict('One of the emails was just given to another contact', field);
    throw error;
  }
}

/** Replaces the phones; `country` (of the owner's address) lets national numbers be read as E.164. */
export async function replacePhones(tx: Queryable, owner: PointOwner, phones: PhoneEntry[], country?: string | null) {
  await tx.delete(customerPhones).where(ownerCondition(customerPhones, owner));
  if (phones.length) {
    await tx.insert(customerPhones).values(phones.map((entry, position) => ({ ...owner, ...entry, digits: phoneDigits(entry.number), e164: toE164(entry.number, country), position })));
  }
}

/** The country national phone numbers are read in: the default address's, else the first one's. */
export function phoneCountry(addresses: AddressEntry[]): string | null {
  return (addresses.find((address) => address.isDefault && address.country) ?? addresses.find((address) => address.country))?.country ?? null;
}

export async function replaceAddresses(tx: Queryable, owner: PointOwner, addresses: AddressEntry[]) {
  await tx.delete(customerAddresses).where(ownerCondition(customerAddresses, owner));
  if (addresses.length) await tx.insert(customerAddresses).values(addresses.map((entry, position) => ({ ...owner, ...entry, position })));
}

/** Replaces a contact's identifiers; one another contact holds (same kind, however typed) is a 409. */
export async function replaceIdentifiers(tx: Queryable, contactId: string, identifiers: IdentifierEntry[]) {
  const seen = new Set<string>();
  identifiers.forEach((entry, index) => {
    const key = `${entry.kind}:${identifierKey(entry.value)}`;
    if (seen.has(key)) throw AppError.invalid(`identifiers.${index}.value`, 'is listed twice');
    seen.add(key);
  });
  for (const [index, entry] of identifiers.entries()) {
    const [other] = await tx
      .select({ contactId: contactIdentifiers.contactId })
      .from(contactIdentifiers)
      .where(and(eq(contactIdentifiers.kind, entry.kind), eq(contactIdentifiers.valueKey, identifierKey(entry.value)), ne(contactIdentifiers.contactId, contactId)));
    if (other) throw AppError.conflict(`Another contact has the ${entry.kind.replace('_', ' ')} ${entry.value}`, `identifiers.${index}.value`);
  }
  await tx.delete(contactIdentifiers).where(eq(contactIdentifiers.contactId, contactId));
  if (!identifiers.length) return;
  try {
    await tx.insert(contactIdentifiers).values(identifiers.map((entry) => ({ contactId, kind: entry.kind, value: entry.value, valueKey: identifierKey(entry.value) })));
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict('One of the identifiers was just given to another contact', 'identifiers');
    throw error;
  }
}
