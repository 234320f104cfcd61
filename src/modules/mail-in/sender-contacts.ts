import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { findContactByEmail, insertChannelContact } from '../customers/index.js';

export interface SenderContact {
  id: string;
  name: string;
  email: string;
  created: boolean;
}

function splitName(name: string, address: string): { firstName: string; lastName: string } {
  const cleaned = name.replace(/["']/g, '').trim();
  if (!cleaned || cleaned.includes('@')) return { firstName: address.split('@')[0]!, lastName: '' };
  // "Doe, Jane" is how Outlook directories write names.
  const comma = /^([^,]+),\s*(.+)$/.exec(cleaned);
  if (comma) return { firstName: comma[2]!, lastName: comma[1]! };
  const [first, ...rest] = cleaned.split(/\s+/);
  return { firstName: first ?? '', lastName: rest.join(' ') };
}

/**
 * The contact behind a mail address: the contact who has that email (any of a contact's
 * addresses), or a new one marked as having reached us by email (with its `contact.created`
 * event), unless `create` is off. The customers module writes the new contact with its address
 * as a claimed email entry, whose unique key makes two mails from one new sender at once (two
 * SMTP connections) end with one contact: the second waits for the first and takes its contact.
 */
export async function findOrCreateSenderContact(
  tx: Queryable,
  ctx: ServiceContext,
  sender: { address: string; name: string },
  options: { create: boolean },
): Promise<SenderContact | null> {
  const address = sender.address.toLowerCase();
  const existing = await findContactByEmail(tx, address);
  if (existing) return known(existing, sender, address);
  if (!options.create) return null;
  const name = splitName(sender.name, address);
  const inserted = await insertChannelContact(tx, { ...name, email: address, phone: null, source: 'email' }, ctx);
  if (!inserted.created) {
    // Another mail from this sender created the contact first (and wrote its event).
    const winner = await findContactByEmail(tx, address);
    return winner ? known(winner, sender, address) : { id: inserted.id, name: sender.name || address, email: address, created: false };
  }
  return { id: inserted.id, name: `${name.firstName} ${name.lastName}`.trim(), email: address, created: true };
}

function known(contact: { id: string; firstName: string; lastName: string }, sender: { name: string }, address: string): SenderContact {
  return { id: contact.id, name: `${contact.firstName} ${contact.lastName}`.trim() || sender.name || address, email: address, created: false };
}
