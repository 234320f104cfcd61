import { describe, expect, it } from 'vitest';
import { closesCompanyCycle, identifierKey, repeatedEmails, settleDefaults, withDefaultShorthand } from './contact-points.js';

const entry = (email: string, isDefault = false) => ({ email, isDefault });
const shorthand = { matches: (e: { email: string }, value: string) => e.email === value, make: (email: string) => entry(email, true) };

describe('contact points', () => {
  it('makes the flagged entry the default, else the first, one per group', () => {
    expect(settleDefaults([entry('a'), entry('b')], 'emails').entries.map((e) => e.isDefault)).toEqual([true, false]);
    expect(settleDefaults([entry('a'), entry('b', true)], 'emails').entries.map((e) => e.isDefault)).toEqual([false, true]);
    expect(settleDefaults([entry('a', true), entry('b', true)], 'emails').errors).toEqual([{ field: 'emails.1.isDefault', message: 'only one entry can be the default' }]);
    const addresses = [
      { kind: 'billing', isDefault: false },
      { kind: 'shipping', isDefault: false },
      { kind: 'shipping', isDefault: true },
    ];
    expect(settleDefaults(addresses, 'addresses', (a) => a.kind).entries.map((a) => a.isDefault)).toEqual([true, false, true]);
  });

  it('applies the email/phone shorthand to the stored or the given list', () => {
    const stored = [entry('a', true), entry('b')];
    expect(withDefaultShorthand(stored, 'b', { ...shorthand, listGiven: false })).toEqual([entry('a'), entry('b', true)]);
    expect(withDefaultShorthand(stored, 'c', { ...shorthand, listGiven: false })).toEqual([entry('c', true), entry('b')]);
    expect(withDefaultShorthand(stored, null, { ...shorthand, listGiven: false })).toEqual([entry('b')]);
    expect(withDefaultShorthand(stored, 'c', { ...shorthand, listGiven: true })).toEqual([entry('c', true), entry('a'), entry('b')]);
    expect(withDefaultShorthand(stored, undefined, { ...shorthand, listGiven: false })).toBe(stored);
  });

  it('normalises identifiers, finds repeated emails and company cycles', () => {
    expect(identifierKey('gb 123.456-7/8')).toBe('GB12345678');
    expect(repeatedEmails([entry('A@x.test'), entry('a@X.test')], 'emails')).toEqual([{ field: 'emails.1.email', message: 'is listed twice' }]);
    expect(closesCompanyCycle('a', 'a', [])).toBe(true);
    expect(closesCompanyCycle('a', 'c', ['c', 'b', 'a'])).toBe(true);
    expect(closesCompanyCycle('a', 'c', ['c', 'b'])).toBe(false);
  });
});
