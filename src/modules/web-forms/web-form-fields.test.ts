import { describe, expect, it } from 'vitest';
import { checkSubmission, contactAnswers, resolveFields, submissionSubject, submissionText, type WebFormField } from './web-form-fields.js';

const base = { required: false, helpText: '' };
const stored: WebFormField[] = [
  { ...base, kind: 'contact', key: 'first_name', label: 'First name' },
  { ...base, kind: 'contact', key: 'email', label: 'Email', required: true },
  { ...base, kind: 'contact', key: 'phone', label: 'Phone' },
  { ...base, kind: 'contact', key: 'country', label: 'Country' },
  { ...base, kind: 'custom', key: 'tier', label: 'Your tier' },
  { ...base, kind: 'custom', key: 'retired', label: 'An archived field' },
  { ...base, kind: 'form', key: 'order_number', label: 'Order number', type: 'number', options: [], required: true },
  { ...base, kind: 'form', key: 'message', label: 'Message', type: 'textarea', options: [] },
  { ...base, kind: 'form', key: 'agree', label: 'I agree', type: 'boolean', options: [] },
];
const customFields = [{ key: 'tier', label: 'Tier', type: 'choice' as const, options: ['gold', 'silver'], required: true }];
const fields = resolveFields(stored, customFields);

describe('resolveFields', () => {
  it('gives each field the type of its input and drops custom fields that are no longer active', () => {
    expect(fields.map((field) => [field.key, field.type])).toEqual([
      ['first_name', 'text'],
      ['email', 'email'],
      ['phone', 'phone'],
      ['country', 'country'],
      ['tier', 'choice'],
      ['order_number', 'number'],
      ['message', 'textarea'],
      ['agree', 'boolean'],
    ]);
    // The form's own required flag and label, the custom field's options.
    expect(fields.find((field) => field.key === 'tier')).toMatchObject({ label: 'Your tier', required: false, options: ['gold', 'silver'] });
  });
});

describe('checkSubmission', () => {
  it('stores answers in their typed form, an unticked box as false', () => {
    const result = checkSubmission(fields, { first_name: ' Ana ', email: 'ana@example.com', country: 'de', tier: 'gold', order_number: '1042', message: 'Line one\nLine two' });
    expect(result.errors).toEqual([]);
    expect(result.values).toEqual({ first_name: 'Ana', email: 'ana@example.com', country: 'DE', tier: 'gold', order_number: 1042, message: 'Line one\nLine two', agree: false });
  });

  it('names every bad field at once: required, type, choice, contact rules and unknown keys', () => {
    const result = checkSubmission(fields, { email: 'not-an-email', phone: 'call me', country: 'Germany', tier: 'bronze', order_number: 'abc', extra: 'x' });
    const byField = Object.fromEntries(result.errors.map((error) => [error.field, error.message]));
    expect(Object.keys(byField).sort()).toEqual(['values.country', 'values.email', 'values.extra', 'values.order_number', 'values.phone', 'values.tier']);
    expect(byField['values.tier']).toBe('must be one of: gold, silver');
    expect(byField['values.order_number']).toBe('must be a number');
    expect(byField['values.phone']).toBe('must contain digits');
    expect(byField['values.country']).toBe('must be a two-letter country code');
    expect(byField['values.extra']).toBe('is not a field of this form');
  });

  it('asks for required fields, and a required box must be ticked', () => {
    const strict = resolveFields([...stored.slice(0, 8), { ...base, kind: 'form', key: 'agree', label: 'I agree', type: 'boolean', options: [], required: true }], customFields);
    const result = checkSubmission(strict, { order_number: '  ' });
    expect(result.errors).toEqual([
      { field: 'values.email', message: 'is required' },
      { field: 'values.order_number', message: 'is required' },
      { field: 'values.agree', message: 'must be ticked' },
    ]);
    expect(checkSubmission(strict, { email: 'a@example.com', order_number: '1', agree: 'true' }).errors).toEqual([]);
  });
});

describe('what a submission becomes', () => {
  const { values } = checkSubmission(fields, { first_name: 'Ana', email: 'ana@example.com', country: 'de', tier: 'gold', order_number: '1042', message: 'It broke.\nTwice.' });

  it('splits out the contact: its own fields and its custom fields', () => {
    expect(contactAnswers(fields, values)).toEqual({
      firstName: 'Ana',
      lastName: undefined,
      email: 'ana@example.com',
      phone: undefined,
      companyName: undefined,
      jobTitle: undefined,
      address: { line1: '', line2: '', city: '', region: '', postalCode: '', country: 'DE' },
      customFields: { tier: 'gold' },
    });
  });

  it('writes every field as "Label: value", long answers on their own lines', () => {
    expect(submissionText('Contact us', fields, values)).toBe(
      'Sent with the web form "Contact us".\n\nFirst name: Ana\nEmail: ana@example.com\nPhone: —\nCountry: DE\nYour tier: gold\nOrder number: 1042\nMessage:\nIt broke.\nTwice.\nI agree: No',
    );
  });

  it('takes the subject from the subject field, else the form name', () => {
    expect(submissionSubject('Contact us', 'message', values)).toBe('It broke. Twice.');
    expect(submissionSubject('Contact us', null, values)).toBe('Contact us');
    expect(submissionSubject('Contact us', 'message', {})).toBe('Contact us');
    expect(submissionSubject('Contact us', 'message', { message: 'x'.repeat(400) })).toHaveLength(300);
  });
});
