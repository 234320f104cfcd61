/**
 * Pure rules of an import's column mapping: the fields a column can fill for each kind of
 * record, the header names that suggest them (the CIMCloud contact upload and the CRM.COM lead
 * import template among them), and custom fields by key or label.
 */
import type { FieldDefinition } from './custom-field-values.js';
import type { ImportKind } from './import.tables.js';

export interface ImportTarget {
  /** The mapping value: a field name, or `cf.<key>` for a custom field. */
  key: string;
  label: string;
}

const addressTargets: ImportTarget[] = [
  { key: 'address.line1', label: 'Address line 1 (street)' },
  { key: 'address.streetNumber', label: 'Address street number' },
  { key: 'address.line2', label: 'Address line 2' },
  { key: 'address.city', label: 'City' },
  { key: 'address.region', label: 'Region / state' },
  { key: 'address.postalCode', label: 'Postal code' },
  { key: 'address.country', label: 'Country (2 letters)' },
];

const commonTargets: ImportTarget[] = [
  { key: 'salesRepCode', label: 'Sales rep code' },
  { key: 'tags', label: 'Tags (comma separated)' },
  { key: 'disabled', label: 'Disabled (true/false)' },
];

const targetsByKind: Record<ImportKind, ImportTarget[]> = {
  contact: [
    { key: 'id', label: 'Patron id' },
    { key: 'firstName', label: 'First name' },
    { key: 'lastName', label: 'Last name' },
    { key: 'fullName', label: 'Full name (split at the last space)' },
    { key: 'email', label: 'Email' },
    { key: 'email2', label: 'Second email' },
    { key: 'phone', label: 'Phone' },
    { key: 'mobile', label: 'Mobile phone' },
    { key: 'companyName', label: 'Company name' },
    { key: 'jobTitle', label: 'Job title' },
    { key: 'accountNumber', label: 'Account number' },
    { key: 'identifiers', label: 'Identifiers (kind|value, ...)' },
    { key: 'identifier.id_number', label: 'ID number' },
    { key: 'identifier.passport', label: 'Passport number' },
    { key: 'identifier.social_security', label: 'Social security number' },
    { key: 'identifier.vat_number', label: 'VAT number' },
    ...addressTargets,
    ...commonTargets,
  ],
  company: [
    { key: 'id', label: 'Patron id' },
    { key: 'name', label: 'Company name' },
    { key: 'vatNumber', label: 'VAT number' },
    { key: 'website', label: 'Website' },
    { key: 'phone', label: 'Phone' },
    ...addressTargets,
    ...commonTargets,
  ],
  account: [
    { key: 'id', label: 'Patron id' },
    { key: 'number', label: 'Account number' },
    { key: 'name', label: 'Account name' },
    { key: 'holderEmail', label: 'Holder contact email' },
    { key: 'holderVatNumber', label: 'Holder company VAT number' },
    { key: 'classification', label: 'Classification' },
    { key: 'creditRating', label: 'Credit rating' },
    ...commonTargets,
  ],
};

/** Header names (lower case, letters and digits only) that suggest each field. */
const synonyms: Record<string, string[]> = {
  id: ['id', 'patronid', 'recordid', 'contactid', 'companyid', 'accountid'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'prenom', 'vorname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nachname'],
  fullName: ['fullname', 'name', 'contactname', 'contact', 'displayname'],
  email: ['email', 'emailaddress', 'mail', 'primaryemail', 'emailaddress1', 'email1', 'login', 'username'],
  email2: ['email2', 'secondaryemail', 'otheremail', 'alternativeemail', 'emailaddress2'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'workphone', 'businessphone', 'phone1', 'officephone'],
  mobile: ['mobile', 'mobilephone', 'cell', 'cellphone', 'mobilenumber', 'phone2'],
  companyName: ['company', 'companyname', 'organisation', 'organization', 'org', 'employer'],
  jobTitle: ['jobtitle', 'title', 'position', 'role'],
  accountNumber: ['accountnumber', 'accountno', 'account', 'customernumber', 'customerno', 'erpcustomer', 'erpaccount'],
  identifiers: ['identifiers'],
  'identifier.id_number': ['idnumber', 'nationalid'],
  'identifier.passport': ['passport', 'passportnumber', 'passportno'],
  'identifier.social_security': ['ssn', 'socialsecurity', 'socialsecuritynumber'],
  'identifier.vat_number': ['vat', 'vatnumber', 'vatregistrationnumber', 'taxid', 'vatid'],
  vatNumber: ['vat', 'vatnumber', 'vatregistrationnumber', 'taxid', 'vatid'],
  name: ['name', 'companyname', 'company', 'accountname', 'organisation', 'organization'],
  website: ['website', 'web', 'url', 'homepage', 'site'],
  number: ['number', 'accountnumber', 'accountno', 'customernumber', 'customerno'],
  holderEmail: ['holderemail', 'contactemail', 'email'],
  holderVatNumber: ['holdervatnumber', 'companyvat', 'companyvatnumber', 'vatnumber'],
  classification: ['classification', 'class', 'category', 'segment'],
  creditRating: ['creditrating', 'rating', 'credit'],
  salesRepCode: ['salesrep', 'salesrepcode', 'repcode', 'salesperson', 'rep'],
  tags: ['tags', 'tag', 'labels', 'groups'],
  disabled: ['disabled', 'inactive'],
  'address.line1': ['address', 'address1', 'addressline1', 'street', 'streetaddress', 'addressstreetname', 'streetname', 'billingaddress'],
  'address.streetNumber': ['addressstreetnumber', 'streetnumber', 'houseno', 'housenumber'],
  'address.line2': ['address2', 'addressline2', 'addressdistrict', 'district', 'suite'],
  'address.city': ['city', 'town', 'addresstown', 'addresscity'],
  'address.region': ['state', 'region', 'province', 'county', 'addressstate', 'addressregion'],
  'address.postalCode': ['zip', 'zipcode', 'postalcode', 'postcode', 'addresspostalcode', 'addresszip'],
  'address.country': ['country', 'countrycode', 'addresscountry'],
};

export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Every field a column of this kind of import can fill, custom fields last. */
export function importTargets(kind: ImportKind, customFields: Pick<FieldDefinition, 'key' | 'label'>[]): ImportTarget[] {
  return [...targetsByKind[kind], ...customFields.map((field) => ({ key: `cf.${field.key}`, label: `${field.label} (custom field)` }))];
}

/**
 * A suggested target per header: a custom field whose key or label matches, else a field whose
 * synonyms include the header. A field is suggested for one column only (the first).
 */
export function suggestMapping(kind: ImportKind, headers: string[], customFields: Pick<FieldDefinition, 'key' | 'label'>[]): (string | null)[] {
  const allowed = new Set(targetsByKind[kind].map((target) => target.key));
  const taken = new Set<string>();
  return headers.map((header) => {
    const name = normaliseHeader(header);
    if (!name) return null;
    const custom = customFields.find((field) => normaliseHeader(field.key) === name || normaliseHeader(field.label) === name);
    let suggestion = custom ? `cf.${custom.key}` : undefined;
    if (!suggestion) suggestion = [...allowed].find((key) => !taken.has(key) && (synonyms[key] ?? []).includes(name));
    if (!suggestion || taken.has(suggestion)) return null;
    taken.add(suggestion);
    return suggestion;
  });
}

/** Mapping mistakes: unknown targets and a target chosen for two columns. */
export function mappingErrors(kind: ImportKind, mapping: (string | null)[], customFields: Pick<FieldDefinition, 'key' | 'label'>[]): string[] {
  const allowed = new Set(importTargets(kind, customFields).map((target) => target.key));
  const seen = new Set<string>();
  const errors: string[] = [];
  mapping.forEach((target, index) => {
    if (!target) return;
    if (!allowed.has(target)) errors.push(`column ${index + 1}: ${target} is not a field of this import`);
    else if (seen.has(target)) errors.push(`column ${index + 1}: ${target} is already mapped to another column`);
    seen.add(target);
  });
  return errors;
}

/** The mapped cells of one row by target, trimmed, empty cells left out. */
export function mappedCells(mapping: (string | null)[], values: string[]): Map<string, string> {
  const cells = new Map<string, string>();
  mapping.forEach((target, index) => {
    const value = (values[index] ?? '').trim();
    if (target && value) cells.set(target, value);
  });
  return cells;
}
