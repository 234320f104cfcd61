import { describe, expect, it } from 'vitest';
import { mergeChoices, resolveMerge, undoMergedRecord, type MergeRecord } from './contact-merge-rules.js';

function record(overrides: Partial<MergeRecord> = {}): MergeRecord {
  return {
    firstName: '',
    lastName: '',
    companyId: null,
    companyName: null,
    jobTitle: null,
    ownerId: null,
    salesRepCode: null,
    lifecycleState: 'prospect',
    disabled: false,
    tags: [],
    customFields: {},
    emails: [],
    phones: [],
    addresses: [],
    identifiers: [],
    ...overrides,
  };
}

const address = (kind: 'billing' | 'shipping' | 'other', city: string, isDefault = false) => ({ kind, isDefault, line1: `${city} street 1`, line2: '', city, region: '', postalCode: '1000', country: 'NL' });
const fields = [
  { key: 'tier', label: 'Tier' },
  { key: 'score', label: 'Score' },
];

const winner = record({
  firstName: 'Jane',
  lastName: 'Doe',
  jobTitle: null,
  ownerId: 'owner-w',
  tags: ['vip'],
  customFields: { tier: 'gold' },
  emails: [
    { email: 'jane@work.test', label: 'work', isDefault: true },
    { email: 'jane@home.test', label: 'home', isDefault: false },
  ],
  phones: [{ number: '+31 20 555 0101', label: 'work', isDefault: true }],
  addresses: [address('billing', 'Amsterdam', true)],
  identifiers: [{ kind: 'passport', value: 'P-1' }],
});
const loser = record({
  firstName: 'Janet',
  lastName: 'Doe',
  jobTitle: 'Buyer',
  companyId: 'company-l',
  ownerId: 'owner-l',
  lifecycleState: 'financial',
  tags: ['newsletter', 'vip'],
  customFields: { tier: 'silver', score: 7 },
  emails: [{ email: 'janet@shop.test', label: 'other', isDefault: true }],
  phones: [
    { number: '020 555 0101', label: 'other', isDefault: false },
    { number: '+31 6 1234 5678', label: 'mobile', isDefault: true },
  ],
  addresses: [address('billing', 'Utrecht', true), address('shipping', 'Utrecht')],
  identifiers: [
    { kind: 'passport', value: 'P-2' },
    { kind: 'id_number', value: 'ID-9' },
  ],
});

describe('mergeChoices', () => {
  it("offers every field, defaulting to the winner's value, the loser's where the winner has none, and financial when either is", () => {
    const choices = Object.fromEntries(mergeChoices(winner, loser, fields).map((choice) => [choice.field, choice]));
    expect(choices.firstName).toMatchObject({ winner: 'Jane', loser: 'Janet', pick: 'winner', differs: true });
    expect(choices.lastName).toMatchObject({ pick: 'winner', differs: false });
    expect(choices.jobTitle).toMatchObject({ winner: null, loser: 'Buyer', pick: 'loser' });
    expect(choices.company).toMatchObject({ winner: null, loser: { companyId: 'company-l', companyName: null }, pick: 'loser' });
    expect(choices.lifecycleState).toMatchObject({ winner: 'prospect', loser: 'financial', pick: 'loser' });
    expect(choices['identifiers.passport']).toMatchObject({ winner: ['P-1'], loser: ['P-2'], pick: 'winner' });
    expect(choices['identifiers.id_number']).toMatchObject({ winner: [], loser: ['ID-9'], pick: 'loser' });
    expect(choices['customFields.tier']).toMatchObject({ winner: 'gold', loser: 'silver', pick: 'winner' });
    expect(choices['customFields.score']).toMatchObject({ winner: null, loser: 7, pick: 'loser' });
    expect(choices['emails.default']).toMatchObject({ winner: 'jane@work.test', loser: 'janet@shop.test', pick: 'winner' });
    expect(choices['phones.default']).toMatchObject({ pick: 'winner' });
    expect(choices['addresses.billing.default']).toMatchObject({ pick: 'winner' });
    // Only the loser has a shipping address: nothing to choose, it is simply added.
    expect(choices['addresses.shipping.default']).toBeUndefined();
  });
});

describe('resolveMerge', () => {
  it('applies the picks field by field and unions the lists, keeping the winner defaults unless picked', () => {
    const { result, errors } = resolveMerge(winner, loser, { firstName: 'loser', 'customFields.tier': 'loser', 'identifiers.passport': 'loser', owner: 'loser' }, fields);
    expect(errors).toEqual([]);
    expect(result).toMatchObject({ firstName: 'Janet', lastName: 'Doe', jobTitle: 'Buyer', companyId: 'company-l', ownerId: 'owner-l', lifecycleState: 'financial', customFields: { tier: 'silver', score: 7 } });
    expect(result.tags).toEqual(['vip', 'newsletter']);
    expect(result.identifiers).toEqual([
      { kind: 'id_number', value: 'ID-9' },
      { kind: 'passport', value: 'P-2' },
    ]);
    expect(result.emails).toEqual([
      { email: 'jane@work.test', label: 'work', isDefault: true },
      { email: 'jane@home.test', label: 'home', isDefault: false },
      { email: 'janet@shop.test', label: 'other', isDefault: false },
    ]);
    // 020 555 0101 has other digits than +31 20 555 0101 (no country code), so both stay.
    expect(result.phones.map((phone) => [phone.number, phone.isDefault])).toEqual([
      ['+31 20 555 0101', true],
      ['020 555 0101', false],
      ['+31 6 1234 5678', false],
    ]);
    expect(result.addresses.map((entry) => [entry.kind, entry.city, entry.isDefault])).toEqual([
      ['billing', 'Amsterdam', true],
      ['billing', 'Utrecht', false],
      ['shipping', 'Utrecht', true],
    ]);
  });

  it("makes the loser's entry the default where the default is picked, and drops a phone the winner already has", () => {
    const twin = record({ firstName: 'Jane', phones: [{ number: '+31 (20) 555-0101', label: 'home', isDefault: true }], emails: [{ email: 'other@x.test', label: 'other', isDefault: true }], addresses: [address('billing', 'Utrecht', true)] });
    const { result } = resolveMerge(winner, twin, { 'emails.default': 'loser', 'addresses.billing.default': 'loser', 'phones.default': 'loser' }, fields);
    expect(result.emails.find((entry) => entry.isDefault)?.email).toBe('other@x.test');
    expect(result.addresses.filter((entry) => entry.isDefault).map((entry) => entry.city)).toEqual(['Utrecht']);
    // Same digits: one number. The winner's entry stays and stays the default (the loser's was dropped).
    expect(result.phones).toEqual([{ number: '+31 20 555 0101', label: 'work', isDefault: true }]);
  });

  it('names each pick that is not a field of these contacts', () => {
    const { errors } = resolveMerge(winner, loser, { nickname: 'loser', 'customFields.unknown': 'winner', firstName: 'winner' }, fields);
    expect(errors.map((error) => error.field)).toEqual(['picks.nickname', 'picks.customFields.unknown']);
  });

  it("picking the winner's empty value clears the field", () => {
    const { result } = resolveMerge(winner, loser, { jobTitle: 'winner', 'customFields.score': 'winner', 'identifiers.id_number': 'winner', company: 'winner' }, fields);
    expect(result.jobTitle).toBeNull();
    expect(result.companyId).toBeNull();
    expect(result.customFields).toEqual({ tier: 'gold' });
    expect(result.identifiers).toEqual([{ kind: 'passport', value: 'P-1' }]);
  });
});

describe('undoMergedRecord', () => {
  const picks = { firstName: 'loser', 'customFields.tier': 'loser', 'emails.default': 'loser' } as const;
  const merged = resolveMerge(winner, loser, picks, fields).result;

  it('gives the winner back exactly what it had when nothing changed since the merge', () => {
    expect(undoMergedRecord(winner, merged, merged, loser)).toEqual(winner);
  });

  it('keeps edits made on the winner after the merge, and still takes away what the loser brought', () => {
    const edited: MergeRecord = {
      ...merged,
      lastName: 'Doe-Smith',
      tags: [...merged.tags, 'late'],
      customFields: { ...merged.customFields, tier: 'platinum' },
      emails: [...merged.emails.map((entry) => ({ ...entry, isDefault: entry.email === 'jane@home.test' })), { email: 'new@x.test', label: 'other' as const, isDefault: false }],
    };
    const undone = undoMergedRecord(winner, merged, edited, loser);
    expect(undone).toMatchObject({ firstName: 'Jane', lastName: 'Doe-Smith', jobTitle: null, companyId: null, lifecycleState: 'prospect', ownerId: 'owner-w' });
    expect(undone.customFields).toEqual({ tier: 'platinum' });
    expect(undone.tags).toEqual(['vip', 'late']);
    expect(undone.emails).toEqual([
      { email: 'jane@work.test', label: 'work', isDefault: false },
      { email: 'jane@home.test', label: 'home', isDefault: true },
      { email: 'new@x.test', label: 'other', isDefault: false },
    ]);
    expect(undone.phones).toEqual(winner.phones);
    expect(undone.addresses).toEqual(winner.addresses);
    expect(undone.identifiers).toEqual(winner.identifiers);
  });
});
