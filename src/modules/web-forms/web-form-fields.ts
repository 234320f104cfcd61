/**
 * The fields of a web form and the checks on what a sender typed, the pure part: no I/O. Contact
 * fields are checked with the customers module's own contact schema, custom fields and typed
 * form fields with its custom field rules, so a form accepts exactly what a contact would.
 */
import type { FieldError } from '../../platform/errors.js';
import { coerceCustomFieldValue, customFieldTypes, updateContactBody, type CustomFieldType, type FieldDefinition } from '../customers/index.js';

/** The contact's own fields a form can ask for, by the key the form uses. */
export const contactFieldKeys = ['first_name', 'last_name', 'email', 'phone', 'company', 'job_title', 'address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country'] as const;
export type ContactFieldKey = (typeof contactFieldKeys)[number];

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

/** Form-only fields take the custom field types, plus long text. */
export const formFieldTypes = [...customFieldTypes, 'textarea'] as const;
export type FormFieldType = CustomFieldType | 'textarea';

interface FieldBase {
  key: string;
  label: string;
  required: boolean;
  helpText: string;
}

/** A field as a form stores it, in the order the form shows its fields. */
export type WebFormField =
  | (FieldBase & { kind: 'contact'; key: ContactFieldKey })
  /** A contact custom field, by its key; its type and options are the custom field's. */
  | (FieldBase & { kind: 'custom' })
  /** A question kept on the case only ("order number", "message"). */
  | (FieldBase & { kind: 'form'; type: FormFieldType; options: string[] });

/** What the page shows and the checks use: every field with the type of its input. */
export interface ResolvedField extends FieldBase {
  kind: WebFormField['kind'];
  type: FormFieldType | 'phone' | 'country';
  options: string[];
}

export type SubmittedValue = string | number | boolean;

const maxText = 5000;
const maxLongText = 20_000;

function contactFieldType(key: ContactFieldKey): ResolvedField['type'] {
  if (key === 'email') return 'email';
  if (key === 'phone') return 'phone';
  if (key === 'country') return 'country';
  return 'text';
}

/**
 * The fields as they are today. A custom field that was archived since the form was built is
 * no longer shown or accepted, as everywhere else.
 */
export function resolveFields(fields: readonly WebFormField[], customFields: readonly FieldDefinition[]): ResolvedField[] {
  return fields.flatMap((field): ResolvedField[] => {
    const base = { key: field.key, label: field.label, required: field.required, helpText: field.helpText, kind: field.kind };
    if (field.kind === 'contact') return [{ ...base, type: contactFieldType(field.key), options: [] }];
    if (field.kind === 'form') return [{ ...base, type: field.type, options: field.options }];
    const definition = customFields.find((candidate) => candidate.key === field.key);
    return definition ? [{ ...base, type: definition.type, options: definition.options }] : [];
  });
}

function isEmpty(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/** Where each contact field sits in the customers module's contact input. */
const contactPaths: Record<ContactFieldKey, string> = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  phone: 'phone',
  company: 'companyName',
  job_title: 'jobTitle',
  address_line1: 'addresses.0.line1',
  address_line2: 'addresses.0.line2',
  city: 'addresses.0.city',
  region: 'addresses.0.region',
  postal_code: 'addresses.0.postalCode',
  country: 'addresses.0.country',
};
const addressKeys = ['address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country'] as const;

/** The contact fields a submission gave, as the customers module's contact input. */
export interface ContactAnswers {
  firstName?: string;
  lastName?: string;
  email: string;
  phone?: string;
  companyName?: string;
  jobTitle?: string;
  address?: { line1: string; line2: string; city: string; region: string; postalCode: string; country: string };
  customFields: Record<string, SubmittedValue>;
}

export interface CheckedSubmission {
  /** Every answered field by key, in stored form. */
  values: Record<string, SubmittedValue>;
  errors: FieldError[];
}

/** Checks the contact fields given together with the contact schema; its errors come back by form key. */
function checkContactFields(fields: ResolvedField[], values: Record<string, SubmittedValue>, errors: FieldError[]) {
  const given = fields.filter((field) => field.kind === 'contact' && values[field.key] !== undefined);
  if (!given.length) return;
  const input: Record<string, unknown> = {};
  const address: Record<string, unknown> = { kind: 'other' };
  for (const field of given) {
    const [head, , part] = contactPaths[field.key as ContactFieldKey].split('.');
    if (head === 'addresses') address[part!] = values[field.key];
    else input[head!] = values[field.key];
  }
  if (Object.keys(address).length > 1) input.addresses = [address];
  const parsed = updateContactBody.safeParse(input);
  if (parsed.success) {
    // The schema's normal form (a country code in capitals) is what gets stored.
    const country = parsed.data.addresses?.[0]?.country;
    if (country && values.country !== undefined) values.country = country;
    return;
  }
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    const field = given.find((candidate) => contactPaths[candidate.key as ContactFieldKey] === path);
    if (field && !errors.some((error) => error.field === `values.${field.key}`)) errors.push({ field: `values.${field.key}`, message: issue.message });
  }
}

/**
 * Checks what a sender typed against the form's fields. Errors name `values.<key>`, every bad
 * field at once; nothing is written before this passes. A box left unticked is `false`.
 */
export function checkSubmission(fields: ResolvedField[], raw: Record<string, unknown>): CheckedSubmission {
  const values: Record<string, SubmittedValue> = {};
  const errors: FieldError[] = [];
  const known = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) errors.push({ field: `values.${key}`, message: 'is not a field of this form' });
  }
  for (const field of fields) {
    const name = `values.${field.key}`;
    const given = raw[field.key];
    if (field.type === 'boolean' && isEmpty(given)) {
      if (field.required) errors.push({ field: name, message: 'must be ticked' });
      else values[field.key] = false;
      continue;
    }
    if (isEmpty(given)) {
      if (field.required) errors.push({ field: name, message: 'is required' });
      continue;
    }
    if (field.kind === 'contact') {
      if (typeof given !== 'string') errors.push({ field: name, message: 'must be text' });
      else if (field.type === 'phone' && !/\d/.test(given)) errors.push({ field: name, message: 'must contain digits' });
      else values[field.key] = given.trim();
      continue;
    }
    const definition: FieldDefinition = { key: field.key, label: field.label, type: field.type === 'textarea' ? 'text' : (field.type as CustomFieldType), options: field.options, required: field.required };
    const result = coerceCustomFieldValue(definition, given);
    if ('error' in result) errors.push({ field: name, message: result.error });
    else if (typeof result.value === 'string' && result.value.length > (field.type === 'textarea' ? maxLongText : maxText)) errors.push({ field: name, message: `must be at most ${field.type === 'textarea' ? maxLongText : maxText} characters` });
    else if (field.type === 'boolean' && field.required && result.value !== true) errors.push({ field: name, message: 'must be ticked' });
    else values[field.key] = result.value;
  }
  checkContactFields(fields, values, errors);
  return { values, errors };
}

/** The contact part of a checked submission. */
export function contactAnswers(fields: ResolvedField[], values: Record<string, SubmittedValue>): ContactAnswers {
  const text = (key: ContactFieldKey) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const hasAddress = addressKeys.some((key) => text(key) !== undefined);
  const customFields = Object.fromEntries(fields.filter((field) => field.kind === 'custom' && values[field.key] !== undefined).map((field) => [field.key, values[field.key]!]));
  return {
    firstName: text('first_name'),
    lastName: text('last_name'),
    email: text('email') ?? '',
    phone: text('phone'),
    companyName: text('company'),
    jobTitle: text('job_title'),
    address: hasAddress
      ? { line1: text('address_line1') ?? '', line2: text('address_line2') ?? '', city: text('city') ?? '', region: text('region') ?? '', postalCode: text('postal_code') ?? '', country: text('country') ?? '' }
      : undefined,
    customFields,
  };
}

function displayValue(value: SubmittedValue | undefined): string {
  if (value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

/**
 * The case's first message: every field of the form as "Label: value", in the form's order.
 * Long answers start on their own line, so a message reads as the sender wrote it.
 */
export function submissionText(formName: string, fields: ResolvedField[], values: Record<string, SubmittedValue>): string {
  const lines = fields.map((field) => {
    const shown = displayValue(values[field.key]);
    return shown.includes('\n') ? `${field.label}:\n${shown}` : `${field.label}: ${shown}`;
  });
  return `Sent with the web form "${formName}".\n\n${lines.join('\n')}`;
}

/** The case's subject: the answer to the subject field when there is one, else the form's name. */
export function submissionSubject(formName: string, subjectFieldKey: string | null, values: Record<string, SubmittedValue>): string {
  const answer = subjectFieldKey ? values[subjectFieldKey] : undefined;
  const subject = typeof answer === 'string' && answer.trim() ? answer.trim().replace(/\s+/g, ' ') : formName;
  return subject.length > 300 ? `${subject.slice(0, 299)}…` : subject;
}
