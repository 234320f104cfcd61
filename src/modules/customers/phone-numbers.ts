import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Pure phone rules: how a stored number is normalised, and which forms of a typed query are
 * looked for, so "+1 (555) 010-4477", "555.010.4477" and "0104477" all find the same number.
 */

export function phoneDigits(number: string): string {
  return number.replace(/\D/g, '');
}

/**
 * The number in E.164, when it can be read as a valid one: written with its country code (+ or
 * 00), or in the national format of `country` (the contact's address country, when known).
 */
export function toE164(number: string, country?: string | null): string | null {
  const international = number.trim().replace(/^00/, '+');
  const region = country && /^[A-Z]{2}$/.test(country) ? (country as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(international, region);
  return parsed?.isValid() ? parsed.number : null;
}

export interface PhoneQuery {
  /** Digit strings to look for inside stored digits (at least 3 digits each). */
  digitFragments: string[];
  /** The query as E.164, when it is a complete international number. */
  e164: string | null;
}

/** Whether the text is shaped like a phone number or a fragment of one. */
export function looksLikePhone(text: string): boolean {
  return /^[\d\s()+\-./]+$/.test(text.trim()) && phoneDigits(text).length >= 3;
}

/**
 * The digit forms of a typed phone number: as typed; without leading zeros (a trunk prefix or the
 * 00 international prefix); and, for an international number, the national number alone, which
 * is what a number stored without its country code contains.
 */
export function phoneQuery(text: string): PhoneQuery {
  const digits = phoneDigits(text);
  const fragments = new Set<string>();
  const e164 = toE164(text);
  if (digits.length >= 3) fragments.add(digits);
  const withoutZeros = digits.replace(/^0+/, '');
  if (withoutZeros.length >= 3) fragments.add(withoutZeros);
  // Typed with a country code: stored numbers may lack it. Read even when not a valid number.
  const national = /^\s*(\+|00)/.test(text) ? parsePhoneNumberFromString(text.trim().replace(/^00/, '+'))?.nationalNumber : undefined;
  if (national && national.length >= 3) fragments.add(national);
  return { digitFragments: [...fragments], e164 };
}
