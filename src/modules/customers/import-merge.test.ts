import { describe, expect, it } from 'vitest';
import { mergeImportedLists, type ContactLists } from './import-merge.js';

const stored: ContactLists = {
  emails: [
    { email: 'ada@work.test', label: 'work', isDefault: true },
    { email: 'ada@home.test', label: 'home', isDefault: false },
  ],
  phones: [{ number: '+44 20 7946 0001', label: 'work', isDefault: true }],
  addresses: [
    { kind: 'billing', isDefault: true, line1: '1 Old Street', line2: '', city: 'London', region: '', postalCode: 'EC1V 9HL', country: 'GB' },
    { kind: 'shipping', isDefault: true, line1: '2 Dock Road', line2: '', city: 'Leeds', region: '', postalCode: 'LS1 1AA', country: 'GB' },
  ],
  identifiers: [{ kind: 'id_number', value: 'AB-1' }],
};

describe('mergeImportedLists', () => {
  it('adds the emails and phones a contact lacks and keeps every one it has, with its default', () => {
    const merged = mergeImportedLists(stored, {
      emails: [
        { email: 'ADA@work.test', label: 'other', isDefault: true },
        { email: 'ada@new.test', label: 'other', isDefault: false },
      ],
      phones: [
        { number: '+44 (20) 7946-0001', label: 'other', isDefault: true },
        { number: '+44 7700 900123', label: 'mobile', isDefault: false },
      ],
    });
    expect(merged.emails).toEqual([...stored.emails, { email: 'ada@new.test', label: 'other', isDefault: false }]);
    expect(merged.phones).toEqual([...stored.phones, { number: '+44 7700 900123', label: 'mobile', isDefault: false }]);
    expect(merged.addresses).toBeUndefined();
    expect(merged.identifiers).toBeUndefined();
  });

  it('gives a contact with no emails the row\'s default', () => {
    const merged = mergeImportedLists({ ...stored, emails: [] }, { emails: [{ email: 'first@new.test', label: 'other', isDefault: true }] });
    expect(merged.emails).toEqual([{ email: 'first@new.test', label: 'other', isDefault: true }]);
  });

  it('replaces only the default address of the row\'s kind', () => {
    const moved = { kind: 'billing' as const, isDefault: true, line1: '9 New Lane', line2: '', city: 'Bath', region: '', postalCode: 'BA1 1AA', country: 'GB' };
    expect(mergeImportedLists(stored, { addresses: [moved] }).addresses).toEqual([moved, stored.addresses[1]]);
    const onlyShipping = { ...stored, addresses: [stored.addresses[1]!] };
    expect(mergeImportedLists(onlyShipping, { addresses: [moved] }).addresses).toEqual([stored.addresses[1], moved]);
  });

  it('adds identifiers however they were typed, once', () => {
    expect(mergeImportedLists(stored, { identifiers: [{ kind: 'id_number', value: 'ab 1' }] }).identifiers).toBeUndefined();
    expect(mergeImportedLists(stored, { identifiers: [{ kind: 'passport', value: 'P123' }] }).identifiers).toEqual([...stored.identifiers, { kind: 'passport', value: 'P123' }]);
  });
});
