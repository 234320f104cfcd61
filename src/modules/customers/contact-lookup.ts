import { eq, or, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { recordEvent, type EventContext } from '../../platform/events/record-event.js';
import { phoneDigits, toE164 } from './phone-numbers.js';
import { recordSearchWords } from './contact-search.js';
import { contactEmails, contacts, customerPhones, type ContactRow } from './customers.tables.js';

/**
 * Who owns a (lower-cased) address: the contact that lists it, else a contact that has it only in
 * the email column (rows written without the lists). The value may be SQL, such as a placeholder.
 */
function ownerOfAddress(address: unknown) {
  const listed = sql`(SELECT ${contactEmails.contactId} FROM ${contactEmails} WHERE lower(${contactEmails.email}) = ${address})`;
  return { where: or(sql`${contacts.id} = ${listed}`, sql`lower(${contacts.email}) = ${address}`)!, order: [sql`${contacts.id} = ${listed} DESC NULLS LAST`, contacts.createdAt] as const };
}

/**
 * For other modules that meet customers by email (tickets from the portal, mail, web forms):
 * find the contact who has the address, among every contact's emails.
 */
export async function findContactByEmail(db: Queryable, email: string): Promise<ContactRow | undefined> {
  const owner = ownerOfAddress(email.toLowerCase());
  const [row] = await db
    .select()
    .from(contacts)
    .where(owner.where)
    .orderBy(...owner.order)
    .limit(1);
  return row;
}

/**
 * findContactByEmail as a subquery for another module's statement, so a caller can find the
 * owner and write in one round trip: at most one row of (id, first_name, last_name, phone).
 * `address` is the lower-cased address or SQL for it.
 */
export function contactOwningEmailQuery(address: unknown): SQL {
  const owner = ownerOfAddress(address);
  return sql`SELECT ${contacts.id} AS id, ${contacts.firstName} AS first_name, ${contacts.lastName} AS last_name, ${contacts.phone} AS phone
             FROM ${contacts} WHERE ${owner.where} ORDER BY ${owner.order[0]}, ${owner.order[1]} LIMIT 1`;
}

/**
 * Inserts a minimal contact met on a channel, with its email and phone as the default entries.
 * When another request has just created a contact with this email (two tickets from one new
 * customer at once), that contact is answered instead (`created: false`) and nothing is added.
 * A contact it creates gets its `contact.created` event, by `context`'s actor, in `tx`.
 */
export async function insertChannelContact(
  tx: Queryable,
  input: { firstName: string; lastName: string; email: string | null; phone: string | null; source: string },
  context: EventContext,
): Promise<{ id: string; created: boolean }> {
  const [row] = await tx.insert(contacts).values(input).returning({ id: contacts.id });
  const id = row!.id;
  if (input.email) {
    // Waits for a concurrent insert of the same address, then does nothing if that one committed.
    const claimed = await tx.insert(contactEmails).values({ contactId: id, email: input.email, isDefault: true }).onConflictDoNothing().returning({ id: contactEmails.id });
    if (!claimed.length) {
      const owner = await findContactByEmail(tx, input.email);
      if (owner && owner.id !== id) {
        await tx.delete(contacts).where(eq(contacts.id, id));
        return { id: owner.id, created: false };
      }
    }
  }
  if (input.phone && phoneDigits(input.phone)) await tx.insert(customerPhones).values({ contactId: id, number: input.phone, digits: phoneDigits(input.phone), e164: toE164(input.phone), isDefault: true });
  await recordSearchWords(tx, [id]);
  await recordEvent(tx, context, { recordType: 'contact', recordId: id, action: 'contact.created', changes: input });
  return { id, created: true };
}
