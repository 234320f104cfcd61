import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { phoneDigits, toE164 } from './phone-numbers.js';
import { contactEmails, contacts, customerPhones, type ContactRow } from './customers.tables.js';

/**
 * For other modules that meet customers by email (tickets from the portal, mail, web forms):
 * find the contact who has the address, among every contact's emails.
 */
export async function findContactByEmail(db: Queryable, email: string): Promise<ContactRow | undefined> {
  const [listed] = await db
    .select({ row: contacts })
    .from(contactEmails)
    .innerJoin(contacts, eq(contacts.id, contactEmails.contactId))
    .where(sql`lower(${contactEmails.email}) = ${email.toLowerCase()}`);
  if (listed) return listed.row;
  // Contacts written before the email list existed have only the column.
  const [legacy] = await db.select().from(contacts).where(sql`lower(${contacts.email}) = ${email.toLowerCase()}`).limit(1);
  return legacy;
}

/** Inserts a minimal contact met on a channel, with its email and phone as the default entries. */
export async function insertChannelContact(tx: Queryable, input: { firstName: string; lastName: string; email: string | null; phone: string | null; source: string }): Promise<{ id: string }> {
  const [row] = await tx.insert(contacts).values(input).returning({ id: contacts.id });
  if (input.email) await tx.insert(contactEmails).values({ contactId: row!.id, email: input.email, isDefault: true });
  if (input.phone && phoneDigits(input.phone)) await tx.insert(customerPhones).values({ contactId: row!.id, number: input.phone, digits: phoneDigits(input.phone), e164: toE164(input.phone), isDefault: true });
  return row!;
}
