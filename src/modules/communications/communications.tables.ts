import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { outgoingMails } from '../../platform/mail/mail.tables.js';
import { tickets } from '../care/tickets.tables.js';
import type { CommunicationEvent, RecipientKind } from './communication-rules.js';
import type { TemplateKey } from './template-tags.js';

/** One editable template per event; the defaults are seeded on start when missing. */
export const mailTemplates = pgTable('mail_templates', {
  key: text('key').$type<TemplateKey>().primaryKey(),
  subject: text('subject').notNull(),
  htmlBody: text('html_body').notNull(),
  textBody: text('text_body').notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Event-based communications: which event sends which template to whom. */
export const communicationRules = pgTable(
  'communication_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    event: text('event').$type<CommunicationEvent>().notNull(),
    templateKey: text('template_key')
      .$type<TemplateKey>()
      .notNull()
      .references(() => mailTemplates.key, { onDelete: 'restrict' }),
    recipient: text('recipient').$type<RecipientKind>().notNull(),
    fixedAddress: text('fixed_address'),
    enabled: boolean('enabled').notNull().default(true),
    /** Limits the rule to these ticket types; empty means every type. */
    ticketTypeIds: uuid('ticket_type_ids').array().notNull().default(sql`'{}'::uuid[]`),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('communication_rules_event_idx').on(table.event)],
);

/**
 * Mail sent for a ticket: its place in the ticket's conversation, the Message-ID email-in threads
 * replies by, and the delivery key that makes a retried event job send nothing twice.
 */
export const ticketMails = pgTable(
  'ticket_mails',
  {
    mailId: uuid('mail_id')
      .primaryKey()
      .references(() => outgoingMails.id, { onDelete: 'cascade' }),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    /** Orders mail queued in the same moment, in the order it was queued (the References chain). */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    messageId: text('message_id').notNull(),
    templateKey: text('template_key').$type<TemplateKey>(),
    ruleId: uuid('rule_id').references(() => communicationRules.id, { onDelete: 'set null' }),
    eventId: bigint('event_id', { mode: 'number' }),
    /** event:rule:recipient for rule mail; null for mail staff sent by hand. */
    deliveryKey: text('delivery_key'),
    recipientKind: text('recipient_kind').$type<RecipientKind>().notNull(),
    sentByUserId: uuid('sent_by_user_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('ticket_mails_message_id_idx').on(table.messageId),
    uniqueIndex('ticket_mails_delivery_key_idx').on(table.deliveryKey),
    index('ticket_mails_ticket_idx').on(table.ticketId, table.seq),
  ],
);

/**
 * Addresses Patron never sends automatic mail to: auto-responders, bouncing mailboxes. Email-in
 * flags them (flagAutomatedAddress), which is what stops mail loops.
 */
export const mailSuppressions = pgTable('mail_suppressions', {
  /** Lower-cased. */
  address: text('address').primaryKey(),
  reason: text('reason').$type<'auto_reply' | 'bounce' | 'mailing_list' | 'manual'>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type MailTemplateRow = typeof mailTemplates.$inferSelect;
export type CommunicationRuleRow = typeof communicationRules.$inferSelect;
