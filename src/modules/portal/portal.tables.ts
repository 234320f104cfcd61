import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { contacts } from '../customers/customers.tables.js';

/**
 * A customer's sign-in to My Account. It belongs to one contact, whose requests it sees; the
 * contact stays the customer record (the customers module owns it).
 */
export const portalAccounts = pgTable(
  'portal_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** Null until the customer chooses one (an invited contact has none yet). */
    passwordHash: text('password_hash'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [uniqueIndex('portal_accounts_email_idx').on(sql`lower(${table.email})`), uniqueIndex('portal_accounts_contact_idx').on(table.contactId)],
);
export type PortalAccountRow = typeof portalAccounts.$inferSelect;

/** Portal sessions, apart from staff sessions: the cookie holds a secret, the row its SHA-256. */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => portalAccounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('portal_sessions_account_idx').on(table.accountId)],
);

export const portalTokenPurposes = ['verify_email', 'reset_password', 'invitation'] as const;
export type PortalTokenPurpose = (typeof portalTokenPurposes)[number];

/** One-time links mailed to a customer: email verification, password reset, invitation. */
export const portalTokens = pgTable(
  'portal_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => portalAccounts.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<PortalTokenPurpose>().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('portal_tokens_account_idx').on(table.accountId)],
);
