import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Queryable } from '../../platform/db/client.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { serverSecret } from '../../platform/signing/server-secret.js';
import type { RecipientKind } from './communication-rules.js';
import { mailTemplates, ticketMails } from './communications.tables.js';
import { mailboxParts, messageIdFor, signedReplyAddress, threadHeaders, threadIndex } from './mail-threading.js';
import { renderTemplate } from './template-renderer.js';
import { loadTicketMailFacts } from './ticket-mail-values.js';
import type { TemplateKey } from './template-tags.js';

/** The HMAC key purpose shared by reply addresses and accept links. */
export const mailLinkSecretPurpose = 'mail-links';

export function mailLinkSecret(db: Queryable, config: Pick<Config, 'SIGNING_SECRET'>): Promise<string> {
  return serverSecret(db, config, mailLinkSecretPurpose);
}

export interface TicketMailInput {
  ticket: { id: string; number: number; subject: string; createdAt: Date };
  to: string;
  recipientKind: RecipientKind;
  templateKey: TemplateKey;
  values: Record<string, string>;
  /** Rule mail is marked Auto-Submitted so other robots do not answer it (RFC 3834). */
  automatic: boolean;
  ruleId?: string;
  eventId?: number;
  deliveryKey?: string;
  sentByUserId?: string;
}

/**
 * Renders a template for a ticket and queues it with the headers that keep the conversation
 * together: Message-ID (stored for email-in), References / In-Reply-To to the ticket's earlier
 * mail to the same side, Outlook's Thread-Index, and the signed reply address.
 */
export async function queueTicketMail(tx: Queryable, config: Config, input: TicketMailInput, now: Date): Promise<{ mailId: string; messageId: string; subject: string }> {
  const [template] = await tx.select().from(mailTemplates).where(eq(mailTemplates.key, input.templateKey));
  if (!template) throw new Error(`Mail template ${input.templateKey} is missing`);
  const rendered = renderTemplate(template, input.values);
  const sameSide = input.recipientKind === 'customer' ? eq(ticketMails.recipientKind, 'customer') : ne(ticketMails.recipientKind, 'customer');
  const earlier = await tx
    .select({ messageId: ticketMails.messageId, createdAt: ticketMails.createdAt })
    .from(ticketMails)
    .where(and(eq(ticketMails.ticketId, input.ticket.id), sameSide))
    .orderBy(asc(ticketMails.seq));
  const { domain } = mailboxParts(config.MAIL_FROM);
  const messageId = messageIdFor(`${randomUUID()}.t${input.ticket.number}`, domain);
  const secret = await mailLinkSecret(tx, config);
  const replyTimes = earlier.length ? [...earlier.slice(1).map((mail) => mail.createdAt), now] : [];
  const headers: Record<string, string> = {
    'Message-ID': messageId,
    ...threadHeaders(earlier.map((mail) => mail.messageId)),
    'Thread-Topic': input.ticket.subject.replace(/[\r\n]+/g, ' '),
    'Thread-Index': threadIndex({ id: input.ticket.id, startedAt: input.ticket.createdAt }, replyTimes),
    'Reply-To': signedReplyAddress(config.MAIL_FROM, input.ticket.number, secret),
    'X-Patron-Ticket': String(input.ticket.number),
  };
  if (input.automatic) headers['Auto-Submitted'] = 'auto-generated';
  const mailId = await queueMail(tx, { from: config.MAIL_FROM, to: input.to, subject: rendered.subject, text: rendered.text, html: rendered.html, headers }, now);
  await tx.insert(ticketMails).values({
    mailId,
    ticketId: input.ticket.id,
    messageId,
    templateKey: input.templateKey,
    ruleId: input.ruleId ?? null,
    eventId: input.eventId ?? null,
    deliveryKey: input.deliveryKey ?? null,
    recipientKind: input.recipientKind,
    sentByUserId: input.sentByUserId ?? null,
    createdAt: now,
  });
  return { mailId, messageId, subject: rendered.subject };
}

/**
 * For other modules sending one template about a ticket inside their own transaction (care's
 * "Email customer" box on a new ticket is meant to switch to this): fills the ticket's tags,
 * threads and signs the mail like rule mail. Returns null when there is nobody to write to.
 */
export async function queueTicketTemplateMail(
  tx: Queryable,
  config: Config,
  input: { ticketId: string; templateKey: TemplateKey; to?: string; messageId?: string; actorUserId?: string | null },
  now: Date,
): Promise<{ mailId: string; messageId: string; subject: string } | null> {
  const facts = await loadTicketMailFacts(tx, config, input.ticketId, { messageId: input.messageId, actorUserId: input.actorUserId });
  const to = input.to ?? facts?.customerEmail;
  if (!facts || !to) return null;
  return queueTicketMail(tx, config, { ticket: facts.ticket, to, recipientKind: 'customer', templateKey: input.templateKey, values: facts.values, automatic: false, sentByUserId: input.actorUserId ?? undefined }, now);
}
