import { desc, eq, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import { storeSystemAttachment } from '../../platform/attachments/index.js';
import { contextFor, type Runtime, type ServiceContext } from '../../platform/context.js';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { addInboundCustomerMessage, addSystemNote, createTicket, linkTickets, ticketMessages, tickets } from '../care/index.js';
import { clearAutomatedAddress, flagAutomatedAddress, mailLinkSecret, ticketMails } from '../communications/index.js';
import { verifyActivityAddress } from './activity-address.js';
import { logActivityMail } from './activity-mail.js';
import { sanitizeMailHtml } from './html-sanitizer.js';
import { parseInboundMessage, type InboundMessage } from './inbound-message.js';
import { cleanSubject, replyText } from './mail-classification.js';
import { inboundMails, type ThreadSignal } from './mail-in.tables.js';
import { isTransientStoreError, MailStoreUnavailableError } from './mail-store-errors.js';
import { quarantineMail } from './quarantine.service.js';
import { findOrCreateSenderContact, type SenderContact } from './sender-contacts.js';
import { findThread } from './threading.js';

/** One message as a mail server hands it over: the raw bytes and the SMTP envelope. */
export interface InboundDelivery {
  raw: Buffer;
  envelopeFrom?: string | null;
  recipients: string[];
  /** The real size when `raw` holds only the start of a message that was too large to keep. */
  size?: number;
}

export type IngestOutcome =
  | { status: 'stored'; inboundMailId: string; signal: ThreadSignal; ticketNumber: number | null; newTicket: boolean }
  | { status: 'duplicate' }
  | { status: 'quarantined'; quarantineId: string; reason: string };

const maxBodyChars = 100_000;
const mailActor = systemActor('mail-in');

/**
 * Takes one inbound message: everything it becomes (the raw .eml, the inbound mail row, a contact,
 * a ticket or message, flags against mail loops, events) commits in one transaction before this
 * returns, so the listener answers 250 only for mail that is safe. A message that cannot be taken
 * is quarantined; a database that cannot take anything throws MailStoreUnavailableError (451).
 */
export async function ingestMail(runtime: Runtime, delivery: InboundDelivery): Promise<IngestOutcome> {
  const size = delivery.size ?? delivery.raw.length;
  if (size > runtime.config.INBOUND_MAIL_MAX_BYTES) {
    return quarantineMail(runtime, delivery, { reason: 'too_large', detail: `The message is ${size} bytes; INBOUND_MAIL_MAX_BYTES allows ${runtime.config.INBOUND_MAIL_MAX_BYTES}. Its headers are kept.` });
  }
  let message: InboundMessage;
  try {
    message = await parseInboundMessage(delivery.raw);
  } catch (error) {
    return quarantineMail(runtime, delivery, { reason: 'unparseable', detail: `The message could not be read: ${(error as Error).message}` });
  }
  if (!message.from) return quarantineMail(runtime, delivery, { reason: 'no_sender', detail: 'The message has no From address', message });
  try {
    return await storeMail(runtime, delivery, message, message.from);
  } catch (error) {
    if (error instanceof MailStoreUnavailableError) throw error;
    if (isTransientStoreError(error)) throw new MailStoreUnavailableError(error);
    runtime.logger.error({ err: error, messageId: message.messageId }, 'email-in could not process a message; it is quarantined');
    return quarantineMail(runtime, delivery, { reason: 'processing_failed', detail: `Processing failed: ${(error as Error).message}`, message });
  }
}

async function storeMail(runtime: Runtime, delivery: InboundDelivery, message: InboundMessage, from: { address: string; name: string }): Promise<IngestOutcome> {
  const now = runtime.clock.now();
  const secret = await mailLinkSecret(runtime.db, runtime.config);
  const recipients = [...new Set([...delivery.recipients.map((address) => address.trim().toLowerCase()), ...message.headerRecipients])];
  return runtime.db.transaction(async (tx) => {
    const ctx: ServiceContext = { ...contextFor(runtime, mailActor), db: tx as unknown as ServiceContext['db'] };
    const [claimed] = await tx
      .insert(inboundMails)
      .values({
        dedupeKey: message.dedupeKey,
        messageId: message.messageId,
        fromAddress: from.address,
        fromName: from.name,
        envelopeFrom: delivery.envelopeFrom ?? null,
        recipients,
        subject: message.subject,
        threadSignal: 'none',
        automated: message.automated,
        sentAt: message.sentAt,
        receivedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: inboundMails.id });
    // Delivered before (a retry, a second recipient, a mail server's duplicate): nothing more to do.
    if (!claimed) return { status: 'duplicate' as const };
    const raw = await storeSystemAttachment(tx, runtime.config, { filename: `${cleanSubject(message.subject).slice(0, 80)}.eml`, contentType: 'message/rfc822', content: delivery.raw }, now, { attached: true });
    const result = await routeMail(tx, ctx, { message, from, recipients, secret, inboundMailId: claimed.id, now });
    await tx
      .update(inboundMails)
      .set({ rawAttachmentId: raw.id, ticketMessageId: result.messageId, contactId: result.contactId, threadSignal: result.signal, html: result.html, bouncedMessageId: message.bounce?.originalMessageId ?? null, details: result.details })
      .where(eq(inboundMails.id, claimed.id));
    await recordEvent(tx, ctx, {
      recordType: 'inbound_mail',
      recordId: claimed.id,
      action: 'inbound_mail.received',
      changes: { from: from.address, subject: message.subject, signal: result.signal, ticketNumber: result.ticketNumber, automated: message.automated },
    });
    return { status: 'stored' as const, inboundMailId: claimed.id, signal: result.signal, ticketNumber: result.ticketNumber, newTicket: result.newTicket };
  });
}

interface Routed {
  signal: ThreadSignal;
  ticketNumber: number | null;
  messageId: string | null;
  contactId: string | null;
  newTicket: boolean;
  html: string | null;
  details: Record<string, unknown>;
}

interface RouteInput {
  message: InboundMessage;
  from: { address: string; name: string };
  recipients: string[];
  secret: string;
  inboundMailId: string;
  now: Date;
}

const unrouted = { ticketNumber: null, messageId: null, contactId: null, newTicket: false, html: null } as const;

async function routeMail(tx: Queryable, ctx: ServiceContext, input: RouteInput): Promise<Routed> {
  const { message, from, now } = input;
  const activityUserId = input.recipients.map((address) => verifyActivityAddress(address, input.secret)).find((id) => id !== null);
  if (activityUserId) {
    const logged = await logActivityMail(tx, ctx, { userId: activityUserId, message, inboundMailId: input.inboundMailId, now });
    return { ...unrouted, signal: 'activity', contactId: logged?.contactId ?? null, details: logged ? { loggedByUserId: logged.userId, originalSender: logged.original.address } : { problem: 'no original sender or no such user' } };
  }
  if (message.automated === 'bounce') return routeBounce(tx, ctx, message);
  if (message.automated) await flagAutomatedAddress(tx, from.address, message.automated, now);
  else await clearAutomatedAddress(tx, from.address);

  // A robot's mail that threads nowhere makes no ticket and no contact; it stays listed as received.
  const contact = await findOrCreateSenderContact(tx, ctx, from, { create: message.automated !== 'auto_reply' });
  const sender = { address: from.address, contactId: contact?.id ?? '' };
  const target = await findThread(tx, { recipients: input.recipients, referencedIds: message.referencedIds, subject: message.subject }, sender, input.secret);
  const parts = await storeParts(tx, ctx, message, now);
  const attachmentIds = parts.map((part) => part.id);
  const html = message.html ? sanitizeMailHtml(message.html, new Map(parts.filter((part) => part.contentId).map((part) => [part.contentId!, `/api/v1/attachments/${part.id}`]))) : null;
  const htmlFields = { html: html?.html ?? null };
  const details: Record<string, unknown> = html?.blockedImages ? { blockedImages: html.blockedImages } : {};
  if (target) {
    const staff = message.automated ? undefined : await staffUser(tx, from.address);
    const added = await addInboundCustomerMessage(tx, ctx, target.ticketId, {
      body: bodyOf(replyText(message.text)),
      authorName: staff?.name ?? (contact?.name || from.name || from.address),
      attachmentIds,
      author: message.automated ? 'robot' : staff ? 'staff' : 'customer',
    });
    if (added) return { signal: target.signal, ticketNumber: added.ticketNumber, messageId: added.messageId, contactId: contact?.id ?? null, newTicket: false, ...htmlFields, details };
    details.followUpOf = target.number;
  }
  if (!contact) return { ...unrouted, signal: 'none', details };
  const opened = await openTicket(tx, ctx, { message, contact, recipients: input.recipients, attachmentIds });
  if (target) {
    // Related both ways when it is the same customer's; care refuses other pairs, which is fine.
    await linkTickets(ctx, opened.number, target.number).catch(() => undefined);
  }
  return { signal: target ? 'follow_up' : 'new_ticket', ticketNumber: opened.number, messageId: opened.messageId, contactId: contact.id, newTicket: true, ...htmlFields, details };
}

/** A colleague writing from their staff address (answering a notification by mail). */
async function staffUser(tx: Queryable, address: string): Promise<{ name: string } | undefined> {
  const [user] = await queryRows<{ name: string }>(tx, sql`SELECT name FROM users WHERE lower(email) = ${address} AND NOT disabled LIMIT 1`);
  return user;
}

function bodyOf(text: string): string {
  const trimmed = text.trim();
  return (trimmed.length > 0 ? trimmed : '(no text)').slice(0, maxBodyChars);
}

/** The mail's files and inline images, stored and waiting to be claimed by the ticket message. */
async function storeParts(tx: Queryable, ctx: ServiceContext, message: InboundMessage, now: Date) {
  const stored: { id: string; contentId: string | null }[] = [];
  for (const part of message.attachments) {
    const row = await storeSystemAttachment(tx, ctx.config, { filename: part.filename, contentType: part.contentType, content: part.content }, now, { attached: false });
    stored.push({ id: row.id, contentId: part.contentId });
  }
  return stored;
}

async function departmentFor(tx: Queryable, recipients: string[]): Promise<string | undefined> {
  if (recipients.length === 0) return undefined;
  const rows = await queryRows<{ id: string }>(tx, sql`SELECT id FROM business_units WHERE lower(email) = ANY(${`{${recipients.map((r) => `"${r.replace(/["\\]/g, '')}"`).join(',')}}`}::text[]) ORDER BY name LIMIT 1`);
  return rows[0]?.id;
}

async function openTicket(tx: Queryable, ctx: ServiceContext, input: { message: InboundMessage; contact: SenderContact; recipients: string[]; attachmentIds: string[] }) {
  const ticket = await createTicket(ctx, {
    subject: cleanSubject(input.message.subject),
    contact: { contactId: input.contact.id, name: input.contact.name || undefined, email: input.contact.email },
    departmentId: await departmentFor(tx, input.recipients),
    channel: 'email',
    openedBy: 'customer',
    message: { body: bodyOf(input.message.text), visibility: 'public', attachmentIds: input.attachmentIds },
    emailCustomer: false,
  });
  const [message] = await tx.select({ id: ticketMessages.id }).from(ticketMessages).where(eq(ticketMessages.ticketId, ticket.id)).orderBy(desc(ticketMessages.seq)).limit(1);
  return { number: ticket.number, messageId: message?.id ?? null };
}

/**
 * A delivery status notification: the failed address never gets rule mail again, and the ticket
 * whose mail bounced gets a note saying so (found by the returned Message-ID).
 */
async function routeBounce(tx: Queryable, ctx: ServiceContext, message: InboundMessage): Promise<Routed> {
  const facts = message.bounce;
  if (facts?.failedRecipient) await flagAutomatedAddress(tx, facts.failedRecipient, 'bounce', ctx.clock.now());
  const details = { failedRecipient: facts?.failedRecipient ?? null, status: facts?.status ?? null };
  if (!facts?.originalMessageId) return { ...unrouted, signal: 'bounce', details };
  const [sent] = await tx
    .select({ ticketId: ticketMails.ticketId, number: tickets.number })
    .from(ticketMails)
    .innerJoin(tickets, eq(tickets.id, ticketMails.ticketId))
    .where(eq(ticketMails.messageId, `<${facts.originalMessageId}>`));
  if (!sent) return { ...unrouted, signal: 'bounce', details };
  const note = await addSystemNote(tx, ctx, sent.ticketId, `Mail to ${facts.failedRecipient ?? 'the customer'} could not be delivered${facts.status ? ` (status ${facts.status})` : ''}: ${message.subject}`);
  return { ...unrouted, signal: 'bounce', ticketNumber: sent.number, messageId: note?.messageId ?? null, details };
}
