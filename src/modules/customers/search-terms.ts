import { looksLikePhone, phoneQuery, type PhoneQuery } from './phone-numbers.js';

/** Pure reading of what someone typed into a customer search: which signals are worth looking for. */
export interface CustomerSearchTerms {
  /** Lower-cased and trimmed, for trigram comparison with names. */
  text: string;
  /** The words typed (letters and digits), lower-cased, at most eight. */
  words: string[];
  /** A tsquery where every word may be a prefix, or null when there are no words. */
  prefixQuery: string | null;
  /** Letters present: names and companies are worth comparing. */
  hasLetters: boolean;
  /** For LIKE on emails and account numbers: the text with %, _ and \ taken literally. */
  likeText: string;
  phone: PhoneQuery | null;
  /** Upper-case letters and digits only, as postal codes are keyed; null when no digit is typed. */
  postalKey: string | null;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export function customerSearchTerms(input: string): CustomerSearchTerms {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const words = text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 8);
  const postalKey = text.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return {
    text,
    words,
    prefixQuery: words.length ? words.map((word) => `${word}:*`).join(' & ') : null,
    hasLetters: /\p{L}/u.test(text),
    likeText: escapeLike(text),
    phone: looksLikePhone(text) ? phoneQuery(text) : null,
    postalKey: /\d/.test(postalKey) && postalKey.length >= 3 && postalKey.length <= 12 ? postalKey : null,
  };
}
