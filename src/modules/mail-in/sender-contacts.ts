import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { contacts } from '../customers/index.js';

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
 * The contact behind a mail address: the first contact with that email, or a new one marked as
 * having reached us by email (with its `contact.created` event), unless `create` is off. Two mails from a new sender at
 * once may both create one; the unique key on inbound mail makes that rare, and staff merge.
 */
export async function findOrCreateSenderContact(
  tx: Queryable,
  ctx: ServiceContext,
  sender: { address: string; name: string },
  now: Date,
  options: { create: boolean },
): Promise<SenderContact | null> {
  const address = sender.address.toLowerCase();
  const [existing] = await tx
    .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName })
    .from(contacts)
    .where(sql`lower(${contacts.email}) = ${address}`)
    .orderBy(contacts.createdAt)
    .limit(1);
  if (existing) return { id: existing.id, name: `${existing.firstName} ${existing.lastName}`.trim() || sender.name || address, email: address, created: false };
  if (!options.create) return null;
  const name = splitName(sender.name, address);
  const [created] = await tx
    .insert(contacts)
    .values({ ...name, email: address, source: 'email', createdAt: now, updatedAt: now })
    .returning({ id: contacts.id });
  await recordEvent(tx, ctx, { recordType: 'contact', recordId: created!.id, action: 'contact.created', changes: { ...name, email: address, source: 'email' } });
  return { id: created!.id, name: `${name.firstName} ${name.lastName}`.trim(), email: address, created: true };
}
