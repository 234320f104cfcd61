import { describe, expect, it } from 'vitest';
import { duplicateScore, emailKey, strongestReasons, type DuplicateReason } from './duplicate-rules.js';

describe('emailKey', () => {
  it('ignores case, dots and +tags before the @, and reads googlemail.com as gmail.com', () => {
    expect(emailKey('Jane.Doe+shop@Example.com')).toBe('janedoe@example.com');
    expect(emailKey('janedoe@example.com')).toBe('janedoe@example.com');
    expect(emailKey('j.a.n.e@googlemail.com')).toBe('jane@gmail.com');
    expect(emailKey(' JANE@GMAIL.COM ')).toBe('jane@gmail.com');
  });

  it('keeps the domain as it is otherwise, so the same name elsewhere is another address', () => {
    expect(emailKey('jane@example.org')).not.toBe(emailKey('jane@example.com'));
    expect(emailKey('jane@mail.example.com')).toBe('jane@mail.example.com');
  });
});

describe('duplicateScore', () => {
  const email: DuplicateReason = { kind: 'email', values: ['a@x.com', 'a+b@x.com'] };
  const phone: DuplicateReason = { kind: 'phone', values: ['+1 555 010 4477', '555-010-4477'] };
  const name = (similarity: number): DuplicateReason => ({ kind: 'name_company', values: ['Jane Doe', 'Jane Do'], similarity });

  it('scores one reason by its weight: an email above a phone above a similar name at one company', () => {
    expect(duplicateScore([email])).toBe(90);
    expect(duplicateScore([phone])).toBe(70);
    expect(duplicateScore([name(0.5)])).toBe(60);
    expect(duplicateScore([name(1)])).toBe(85);
    expect(duplicateScore([name(0.9)])).toBeGreaterThan(duplicateScore([name(0.6)]));
  });

  it('raises the score with each independent reason but never reaches certainty', () => {
    expect(duplicateScore([email, phone])).toBe(97);
    expect(duplicateScore([email, phone, name(1)])).toBe(99);
    expect(duplicateScore([phone, name(0.5)])).toBeGreaterThan(duplicateScore([phone]));
  });

  it('counts a kind once, by its strongest hit (two phones matching are one reason)', () => {
    expect(duplicateScore([phone, phone])).toBe(70);
    expect(duplicateScore([name(0.5), name(0.9)])).toBe(duplicateScore([name(0.9)]));
    expect(strongestReasons([name(0.5), phone, name(0.9), email]).map((reason) => [reason.kind, reason.similarity])).toEqual([
      ['email', undefined],
      ['name_company', 0.9],
      ['phone', undefined],
    ]);
  });
});
