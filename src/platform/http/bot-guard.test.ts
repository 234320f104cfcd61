import { describe, expect, it } from 'vitest';
import { honeypotFilled, secondsSinceFormStart, signFormStart } from './bot-guard.js';

const secret = 'a-test-secret-that-is-long-enough';
const shownAt = new Date('2026-03-01T10:00:00Z');

describe('honeypot', () => {
  it('counts only a real value as filled', () => {
    expect(honeypotFilled(undefined)).toBe(false);
    expect(honeypotFilled(null)).toBe(false);
    expect(honeypotFilled('')).toBe(false);
    expect(honeypotFilled('   ')).toBe(false);
    expect(honeypotFilled('http://spam.example')).toBe(true);
  });
});

describe('form start token', () => {
  it('tells how many seconds ago the form was shown', () => {
    const token = signFormStart(secret, 'form-1', shownAt);
    expect(secondsSinceFormStart(token, secret, 'form-1', new Date(shownAt.getTime() + 4500))).toBe(4.5);
  });

  it('refuses a token of another form, another secret, or a changed time', () => {
    const token = signFormStart(secret, 'form-1', shownAt);
    const later = new Date(shownAt.getTime() + 60_000);
    expect(secondsSinceFormStart(token, secret, 'form-2', later)).toBeNull();
    expect(secondsSinceFormStart(token, `${secret}-other`, 'form-1', later)).toBeNull();
    const [, mac] = token.split('.');
    expect(secondsSinceFormStart(`${shownAt.getTime() - 3_600_000}.${mac}`, secret, 'form-1', later)).toBeNull();
    expect(secondsSinceFormStart('garbage', secret, 'form-1', later)).toBeNull();
    expect(secondsSinceFormStart('', secret, 'form-1', later)).toBeNull();
  });
});
