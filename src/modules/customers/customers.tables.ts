import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * People Patron serves. Minimal for now (tickets link to them); the customers issue extends this
 * table with addresses, identifiers, accounts and custom fields.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    email: text('email'),
    phone: text('phone'),
    companyName: text('company_name'),
    /** How the contact first reached us: staff, portal, email, web_form, api, import. */
    source: text('source').notNull().default('staff'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('contacts_email_idx').on(sql`lower(${table.email})`)],
);

export type ContactRow = typeof contacts.$inferSelect;
