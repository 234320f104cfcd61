import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Secrets Patron generates for itself when SIGNING_SECRET is not set (HMAC keys for reply
 * addresses and email links). In the database so every node signs and verifies alike.
 */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
