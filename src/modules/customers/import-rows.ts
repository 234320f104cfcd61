/**
 * Pure: one mapped row of an import file as the input the customer services take, validated by
 * the same Zod contracts as the API, and the natural key it is matched on.
 */
import { z } from 'zod';
import { upsertAccountBody } from './accounts.contract.js';
import { createCompanyBody } from './companies.contract.js';
import { identifierKey } from './contact-points.js';
import { createContactFields, type CreateContactInput } from './customers.contract.js';
import type { IdentifierKind } from './customers.tables.js';
import { mappedCells } from './import-mapping.js';
import type { ImportKey, ImportKind } from './import.tables.js';

export interface ImportSettings {
  kind: ImportKind;
  key: ImportKey;
  identifierKind?: IdentifierKind | null;
  mapping: (string | null)[];
}

/** What every kind of row carries besides its input. */
interface PreparedBase {
  /** The natural key's value as matched (normalised), or the record id. */
  keyValue: string;
  customFields: Record<string, string>;
}
export type PreparedRow =
  | (PreparedBase & { kind: 'contact'; input: CreateContactInput; accountNumber?: string })
  | (PreparedBase & { kind: 'company'; input: z.infer<typeof createCompanyBody> | Omit<z.infer<typeof createCompanyBody>, 'name'> })
  | (PreparedBase & { kind: 'account'; input: z.infer<typeof upsertAccountBody>; number?: string; holderEmail?: string; holderVatNumber?: string });

export type Prepared = { row: PreparedRow } | { error: string };

const identifierAliases: Record<string, IdentifierKind> = {
  id_number: 'id_number',
  idnumber: 'id_number',
  passport: 'passport',
  passport_number: 'passport',
  social_security: 'social_security',
  social_security_number: 'social_security',
  ssn: 'social_security',
  vat_number: 'vat_number',
  vat_registration_number: 'vat_number',
  vat: 'vat_number',
};

function parseBoolean(text: string): boolean | string {
  const lower = text.toLowerCase();
  if (['true', 'yes', 'y', '1', 't'].includes(lower)) return true;
  if (['false', 'no', 'n', '0', 'f'].includes(lower)) return false;
  return text;
}

function splitList(text: string): string[] {
  return text
    .split(/[,;|]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Names the column a Zod issue is about, in the words of the mapping. */
function issueField(path: PropertyKey[]): string {
  const [first, index, leaf] = path.map(String);
  if (first === 'emails') return index === '0' ? 'email' : 'email2';
  if (first === 'phones') return index === '0' ? 'phone' : 'mobile';
  if (first === 'addresses') return `address.${leaf ?? ''}`;
  if (first === 'identifiers') return 'identifiers';
  return path.map(String).join('.');
}

function zodMessage(error: z.ZodError): string {
  return error.issues.map((issue) => `${issueField(issue.path)}: ${issue.message}`).join('; ');
}

function addressFrom(cells: Map<string, string>) {
  const street = [cells.get('address.line1'), cells.get('address.streetNumber')].filter(Boolean).join(' ');
  const parts = { line1: street, line2: cells.get('address.line2'), city: cells.get('address.city'), region: cells.get('address.region'), postalCode: cells.get('address.postalCode'), country: cells.get('address.country') };
  if (!Object.values(parts).some(Boolean)) return undefined;
  return [{ kind: 'billing', isDefault: true, ...Object.fromEntries(Object.entries(parts).filter(([, value]) => value)) }];
}

function customFieldsFrom(cells: Map<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [target, value] of cells) if (target.startsWith('cf.')) values[target.slice(3)] = value;
  return values;
}

function commonFrom(cells: Map<string, string>) {
  const common: Record<string, unknown> = {};
  if (cells.has('salesRepCode')) common.salesRepCode = cells.get('salesRepCode');
  if (cells.has('tags')) common.tags = splitList(cells.get('tags')!);
  if (cells.has('disabled')) common.disabled = parseBoolean(cells.get('disabled')!);
  return common;
}

function identifiersFrom(cells: Map<string, string>): { identifiers: { kind: string; value: string }[] } | { error: string } {
  const identifiers: { kind: string; value: string }[] = [];
  for (const part of (cells.get('identifiers') ?? '').split(/[,;]/).map((text) => text.trim()).filter(Boolean)) {
    const [kindText = '', ...rest] = part.split(/[|:]/);
    const kind = identifierAliases[kindText.trim().toLowerCase()];
    if (!kind || !rest.join('').trim()) return { error: `identifiers: "${part}" is not kind|value (id_number, passport_number, social_security_number, vat_registration_number)` };
    identifiers.push({ kind, value: rest.join('|').trim() });
  }
  for (const [target, value] of cells) if (target.startsWith('identifier.')) identifiers.push({ kind: target.slice('identifier.'.length), value });
  return { identifiers };
}

const uuid = z.uuid();

function recordIdKey(cells: Map<string, string>): { keyValue: string } | { error: string } {
  const id = cells.get('id');
  if (!id) return { error: 'id: empty; the import matches rows on the record id' };
  return uuid.safeParse(id).success ? { keyValue: id.toLowerCase() } : { error: 'id: is not a record id' };
}

function prepareContact(cells: Map<string, string>, settings: ImportSettings): Prepared {
  const raw: Record<string, unknown> = { ...commonFrom(cells) };
  let firstName = cells.get('firstName');
  let lastName = cells.get('lastName');
  const fullName = cells.get('fullName');
  if (fullName && !firstName && !lastName) {
    const at = fullName.lastIndexOf(' ');
    firstName = at > 0 ? fullName.slice(0, at).trim() : fullName;
    lastName = at > 0 ? fullName.slice(at + 1).trim() : '';
  }
  if (firstName) raw.firstName = firstName;
  if (lastName) raw.lastName = lastName;
  const emails = [cells.get('email'), cells.get('email2')].filter((email): email is string => Boolean(email)).map((email, index) => ({ email, label: 'other', isDefault: index === 0 }));
  if (emails.length) raw.emails = emails;
  const phones = [cells.get('phone'), cells.get('mobile')]
    .map((number, index) => (number ? { number, label: index === 0 ? 'other' : 'mobile' } : undefined))
    .filter(Boolean)
    .map((entry, index) => ({ ...entry, isDefault: index === 0 }));
  if (phones.length) raw.phones = phones;
  for (const field of ['companyName', 'jobTitle'] as const) if (cells.has(field)) raw[field] = cells.get(field);
  const addresses = addressFrom(cells);
  if (addresses) raw.addresses = addresses;
  const identifiers = identifiersFrom(cells);
  if ('error' in identifiers) return identifiers;
  if (identifiers.identifiers.length) raw.identifiers = identifiers.identifiers;

  let keyValue: string;
  switch (settings.key) {
    case 'email': {
      const email = emails[0]?.email;
      if (!email) return { error: 'email: empty; the import matches rows on email' };
      keyValue = email.toLowerCase();
      break;
    }
    case 'identifier': {
      const match = identifiers.identifiers.find((entry) => entry.kind === settings.identifierKind);
      if (!match) return { error: `identifier: no ${settings.identifierKind} to match on` };
      keyValue = identifierKey(match.value);
      break;
    }
    case 'accountNumber': {
      const number = cells.get('accountNumber');
      if (!number) return { error: 'accountNumber: empty; the import matches rows on account number' };
      keyValue = number.toLowerCase();
      break;
    }
    default: {
      const id = recordIdKey(cells);
      if ('error' in id) return id;
      keyValue = id.keyValue;
    }
  }
  // Whether a row without a name or email may stand is the save's call: an update may lack both.
  const parsed = createContactFields.safeParse(raw);
  if (!parsed.success) return { error: zodMessage(parsed.error) };
  const input = parsed.data;
  return { row: { kind: 'contact', input, keyValue, customFields: customFieldsFrom(cells), accountNumber: cells.get('accountNumber') } };
}

function prepareCompany(cells: Map<string, string>, settings: ImportSettings): Prepared {
  const raw: Record<string, unknown> = { ...commonFrom(cells) };
  for (const field of ['name', 'vatNumber', 'website'] as const) if (cells.has(field)) raw[field] = cells.get(field);
  if (cells.has('phone')) raw.phones = [{ number: cells.get('phone'), label: 'work', isDefault: true }];
  const addresses = addressFrom(cells);
  if (addresses) raw.addresses = addresses;
  let keyValue: string;
  if (settings.key === 'id') {
    const id = recordIdKey(cells);
    if ('error' in id) return id;
    keyValue = id.keyValue;
  } else {
    const vat = cells.get('vatNumber');
    if (!vat) return { error: 'vatNumber: empty; the import matches rows on VAT number' };
    keyValue = identifierKey(vat);
  }
  const parsed = createCompanyBody.partial().safeParse(raw);
  if (!parsed.success) return { error: zodMessage(parsed.error) };
  return { row: { kind: 'company', input: parsed.data, keyValue, customFields: customFieldsFrom(cells) } };
}

function prepareAccount(cells: Map<string, string>, settings: ImportSettings): Prepared {
  const raw: Record<string, unknown> = { ...commonFrom(cells) };
  for (const field of ['name', 'classification', 'creditRating'] as const) if (cells.has(field)) raw[field] = cells.get(field);
  let keyValue: string;
  if (settings.key === 'id') {
    const id = recordIdKey(cells);
    if ('error' in id) return id;
    keyValue = id.keyValue;
  } else {
    const number = cells.get('number');
    if (!number) return { error: 'number: empty; the import matches rows on account number' };
    keyValue = number.toLowerCase();
  }
  const parsed = upsertAccountBody.safeParse(raw);
  if (!parsed.success) return { error: zodMessage(parsed.error) };
  return {
    row: { kind: 'account', input: parsed.data, keyValue, customFields: customFieldsFrom(cells), number: cells.get('number'), holderEmail: cells.get('holderEmail'), holderVatNumber: cells.get('holderVatNumber') },
  };
}

/** One file row as a service input and its key, or why it cannot be imported. */
export function prepareRow(settings: ImportSettings, values: string[]): Prepared {
  const cells = mappedCells(settings.mapping, values);
  if (settings.kind === 'contact') return prepareContact(cells, settings);
  if (settings.kind === 'company') return prepareCompany(cells, settings);
  return prepareAccount(cells, settings);
}

/** Which keys each kind of import can match on. */
export const keysByKind: Record<ImportKind, ImportKey[]> = {
  contact: ['email', 'identifier', 'accountNumber', 'id'],
  company: ['vatNumber', 'id'],
  account: ['accountNumber', 'id'],
};
