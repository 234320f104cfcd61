import type { FieldError } from '../../platform/errors.js';

export { phoneDigits } from './phone-numbers.js';

/**
 * Pure rules for the lists of emails, phones and addresses: which entry is the default, and the
 * normalised forms that natural keys and searches match on.
 */

/** Marks the default entry of each group: the one flagged, else the first. Two flags in a group is an error. */
export function settleDefaults<Entry extends { isDefault: boolean }>(entries: Entry[], field: string, groupOf: (entry: Entry) => string = () => ''): { entries: Entry[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const chosen = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!entry.isDefault) return;
    const group = groupOf(entry);
    if (chosen.has(group)) errors.push({ field: `${field}.${index}.isDefault`, message: group ? `only one default ${group} entry` : 'only one entry can be the default' });
    else chosen.set(group, index);
  });
  const settled = entries.map((entry, index) => {
    const group = groupOf(entry);
    const defaultIndex = chosen.get(group) ?? entries.findIndex((candidate) => groupOf(candidate) === group);
    return { ...entry, isDefault: index === defaultIndex };
  });
  return { entries: settled, errors };
}

/** The same email twice in one list (case-insensitively) names the second occurrence. */
export function repeatedEmails(emails: { email: string }[], field: string): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  emails.forEach((entry, index) => {
    const key = entry.email.toLowerCase();
    if (seen.has(key)) errors.push({ field: `${field}.${index}.email`, message: 'is listed twice' });
    seen.add(key);
  });
  return errors;
}

/** Identifiers and VAT numbers match however they were typed: upper case, no spaces, dots, dashes or slashes. */
export function identifierKey(value: string): string {
  return value.toUpperCase().replace(/[\s.\-/]/g, '');
}

/**
 * Whether making `parentId` the parent of `companyId` closes a loop. `ancestorsOf(parentId)` is
 * the chain above the proposed parent, nearest first.
 */
export function closesCompanyCycle(companyId: string, parentId: string, ancestorsOfParent: string[]): boolean {
  return parentId === companyId || ancestorsOfParent.includes(companyId);
}

/**
 * Applies the `email` / `phone` shorthand to a list: the given value becomes the default entry.
 * Without a new list it replaces the current default (null removes it); with one it is added to it.
 */
export function withDefaultShorthand<Entry extends { isDefault: boolean }>(
  entries: Entry[],
  shorthand: string | null | undefined,
  options: { listGiven: boolean; matches: (entry: Entry, value: string) => boolean; make: (value: string, replacing?: Entry) => Entry },
): Entry[] {
  if (shorthand === undefined) return entries;
  const currentDefault = entries.find((entry) => entry.isDefault) ?? entries[0];
  if (shorthand === null) return options.listGiven ? entries : entries.filter((entry) => entry !== currentDefault);
  const existing = entries.find((entry) => options.matches(entry, shorthand));
  if (existing) return entries.map((entry) => ({ ...entry, isDefault: entry === existing }));
  if (!options.listGiven && currentDefault) return entries.map((entry) => (entry === currentDefault ? options.make(shorthand, entry) : { ...entry, isDefault: false }));
  return [options.make(shorthand), ...entries.map((entry) => ({ ...entry, isDefault: false }))];
}
