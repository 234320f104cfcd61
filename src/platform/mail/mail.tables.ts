import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every outgoing message. Without SMTP_URL it stays here as the local outbox admins can read. */
export const outgoingMails = pgTable(
  'outgoing_mails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    toAddress: text('to_address').notNull(),
    fromAddress: text('from_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    /** queued -> sent (over SMTP) | stored (local outbox, no SMTP_URL) | failed (gave up) */
    status: text('status').$type<'queued' | 'sent' | 'stored' | 'failed'>().notNull().default('queued'),
    transportMessageId: text('transport_message_id'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('outgoing_mails_created_idx').on(table.createdAt, table.id)],
);

export type OutgoingMailRow = typeof outgoingMails.$inferSelect;
