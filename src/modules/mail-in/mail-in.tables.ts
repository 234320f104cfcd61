import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { attachments } from '../../platform/attachments/attachments.tables.js';
import { ticketMessages } from '../care/tickets.tables.js';
import { contacts } from '../customers/customers.tables.js';

/** How an inbound mail found its ticket, in the order the signals are tried. */
export const threadSignals = ['reply_token', 'references', 'subject_number', 'new_ticket', 'follow_up', 'bounce', 'activity', 'none'] as const;
export type ThreadSignal = (typeof threadSignals)[number];

/** Mail a robot sent: it never gets an automatic answer. */
export const automatedKinds = ['auto_reply', 'bounce', 'mailing_list'] as const;
export type AutomatedKind = (typeof automatedKinds)[number];

/**
 * Every mail email-in took: the raw message (kept as .eml in the attachment store), who sent it,
 * which ticket message it became and by which signal. The dedupe key makes a message delivered
 * three times one row, and its Message-ID is what later replies thread by.
 */
export const inboundMails = pgTable(
  'inbound_mails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** `mid:<message-id>`, or `sha256:<hash of the raw message>` when it has none. */
    dedupeKey: text('dedupe_key').notNull(),
    /** Without angle brackets, as written (lower-cased domain is not assumed). */
    messageId: text('message_id'),
    rawAttachmentId: uuid('raw_attachment_id').references(() => attachments.id, { onDelete: 'set null' }),
    ticketMessageId: uuid('ticket_message_id').references(() => ticketMessages.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    fromAddress: text('from_address').notNull(),
    fromName: text('from_name').notNull().default(''),
    envelopeFrom: text('envelope_from'),
    recipients: text('recipients').array().notNull(),
    subject: text('subject').notNull().default(''),
    threadSignal: text('thread_signal').$type<ThreadSignal>().notNull(),
    automated: text('automated').$type<AutomatedKind>(),
    /** For a bounce: the Message-ID of the mail that could not be delivered. */
    bouncedMessageId: text('bounced_message_id'),
    /** Sanitised HTML body (inline images point at their attachments); null for text-only mail. */
    html: text('html'),
    /** Facts worth keeping that have no column: the matched ticket number, the forwarded sender. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('inbound_mails_dedupe_idx').on(table.dedupeKey),
    index('inbound_mails_message_id_idx').on(table.messageId),
    index('inbound_mails_ticket_message_idx').on(table.ticketMessageId),
    index('inbound_mails_raw_idx').on(table.rawAttachmentId),
  ],
);

export const quarantineReasons = ['too_large', 'unparseable', 'no_sender', 'processing_failed'] as const;
export type QuarantineReason = (typeof quarantineReasons)[number];

/** Mail email-in could not take, with the reason an admin reads; the raw message stays downloadable. */
export const quarantinedMails = pgTable(
  'quarantined_mails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reason: text('reason').$type<QuarantineReason>().notNull(),
    detail: text('detail').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    envelopeFrom: text('envelope_from'),
    recipients: text('recipients').array().notNull(),
    fromAddress: text('from_address'),
    subject: text('subject'),
    /** The raw message, or for one too large its first bytes (the headers). */
    rawAttachmentId: uuid('raw_attachment_id').references(() => attachments.id, { onDelete: 'set null' }),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('quarantined_mails_received_idx').on(table.receivedAt, table.id), index('quarantined_mails_raw_idx').on(table.rawAttachmentId)],
);

export type InboundMailRow = typeof inboundMails.$inferSelect;
export type QuarantinedMailRow = typeof quarantinedMails.$inferSelect;
