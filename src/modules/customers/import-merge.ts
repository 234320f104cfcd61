/**
 * Pure: what an import row does to the lists of a contact it updates. A file row carries one or
 * two emails and phones, one billing address and a few identifiers; a contact may have more, kept
 * by staff or other systems. So the row adds what the contact lacks and never drops an entry:
 * new emails, phones and identifiers join the list (not as the default when there is one), and
 * the row's address takes the place of the contact's default address of that kind only.
 */
import { identifierKey, phoneDigits } from './contact-points.js';
import type { IdentifierEntry } from './customers.contract.js';
import type { AddressEntry, EmailEntry, PhoneEntry } from './shared.contract.js';

export interface ContactLists {
  emails: EmailEntry[];
  phones: PhoneEntry[];
  addresses: AddressEntry[];
  identifiers: IdentifierEntry[];
}

/** `current` plus the entries of `added` it has none of (by `key`); the current default stays the default. */
function appended<Entry extends { isDefault: boolean }>(current: Entry[], added: Entry[], key: (entry: Entry) => string): Entry[] {
  const known = new Set(current.map(key));
  const hasDefault = current.some((entry) => entry.isDefault);
  const list = [...current];
  for (const entry of added) {
    if (known.has(key(entry))) continue;
    known.add(key(entry));
    list.push(hasDefault ? { ...entry, isDefault: false } : entry);
  }
  return list;
}

/**
 * The lists to save for an updated contact: `current` with what the import row (`imported`)
 * brings. A list the row does not mention is left out (undefined), so it is not written at all.
 */
export function mergeImportedLists(current: ContactLists, imported: Partial<ContactLists>): Partial<ContactLists> {
  const merged: Partial<ContactLists> = {};
  if (imported.emails?.length) merged.emails = appended(current.emails, imported.emails, (entry) => entry.email.toLowerCase());
  if (imported.phones?.length) merged.phones = appended(current.phones, imported.phones, (entry) => phoneDigits(entry.number));
  if (imported.identifiers?.length) {
    const known = new Set(current.identifiers.map((entry) => `${entry.kind}:${identifierKey(entry.value)}`));
    const fresh = imported.identifiers.filter((entry) => !known.has(`${entry.kind}:${identifierKey(entry.value)}`));
    if (fresh.length) merged.identifiers = [...current.identifiers, ...fresh];
  }
  if (imported.addresses?.length) {
    let addresses = current.addresses;
    for (const address of imported.addresses) {
      const replaced = addresses.findIndex((entry) => entry.kind === address.kind && entry.isDefault);
      const settled = { ...address, isDefault: true };
      addresses = replaced >= 0 ? addresses.map((entry, index) => (index === replaced ? settled : entry)) : [...addresses.map((entry) => (entry.kind === address.kind ? { ...entry, isDefault: false } : entry)), settled];
    }
    merged.addresses = addresses;
  }
  return merged;
}
