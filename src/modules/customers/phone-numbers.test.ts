import { describe, expect, it } from 'vitest';
import { looksLikePhone, phoneDigits, phoneQuery, toE164 } from './phone-numbers.js';
import { customerSearchTerms } from './search-terms.js';

describe('phone normalisation', () => {
  it('reads international numbers as E.164, national ones only with a country', () => {
    expect(toE164('+1 (415) 555-0132')).toBe('+14155550132');
    expect(toE164('0044 20 7946 0958')).toBe('+442079460958');
    expect(toE164('020 7946 0958')).toBeNull();
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('12')).toBeNull();
    expect(toE164('call me', 'US')).toBeNull();
  });

  it('keeps the digits alone', () => {
    expect(phoneDigits('+1 (415) 555-0132')).toBe('14155550132');
  });

  it('looks for the digits as typed, without a trunk zero, and the national number of an international one', () => {
    expect(phoneQuery('555-0132')).toEqual({ digitFragments: ['5550132'], e164: null });
    expect(phoneQuery('020 7946')).toEqual({ digitFragments: ['0207946', '207946'], e164: null });
    expect(phoneQuery('+44 20 7946 0958')).toEqual({ digitFragments: ['442079460958', '2079460958'], e164: '+442079460958' });
  });

  it('tells phone-like input from words', () => {
    expect(looksLikePhone('(415) 555')).toBe(true);
    expect(looksLikePhone('12')).toBe(false);
    expect(looksLikePhone('ERP-77120')).toBe(false);
  });
});

describe('customer search terms', () => {
  it('makes every word a prefix, escapes LIKE characters and keys postal codes', () => {
    const terms = customerSearchTerms('  Jon  Whit%_ ');
    expect(terms).toMatchObject({ text: 'jon whit%_', prefixQuery: 'jon:* & whit:*', hasLetters: true, likeText: 'jon whit\\%\\_', phone: null, postalKey: null });
    expect(customerSearchTerms('sw1a 1aa').postalKey).toBe('SW1A1AA');
    expect(customerSearchTerms('94107')).toMatchObject({ postalKey: '94107', hasLetters: false, phone: { digitFragments: ['94107'] } });
    expect(customerSearchTerms('!!!').prefixQuery).toBeNull();
  });
});
