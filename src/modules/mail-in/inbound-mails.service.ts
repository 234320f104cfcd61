import { asc, eq, or, sql } from 'drizzle-orm';
import type { StaffActor } from '../../platform/actor.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { ticketMessages, tickets } from '../care/index.js';
import { mailLinkSecret } from '../communications/index.js';
import { activityAddress } from './activity-address.js';
import { inboundMails, quarantinedMails } from './mail-in.tables.js';
import { assertCanMailIn, canMailIn } from './mail-in.policy.js';

/** The mail behind a ticket's messages: how each was threaded, its sanitised HTML, its raw .eml. */
export async function listTicketInboundMails(ctx: ServiceContext, number: number) {
  assertCanMailIn(ctx.actor, 'inbound.read');
  const [ticket] = await ctx.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.number, number));
  if (!ticket) throw AppError.notFound(`Ticket #${number}`);
  const rows = await ctx.db
    .select({ mail: inboundMails })
    .from(inboundMails)
    .innerJoin(ticketMessages, eq(ticketMessages.id, inboundMails.ticketMessageId))
    .where(eq(ticketMessages.ticketId, ticket.id))
    .orderBy(asc(ticketMessages.seq));
  return {
    items: rows.map(({ mail }) => ({
      id: mail.id,
      ticketMessageId: mail.ticketMessageId,
      messageId: mail.messageId,
      fromAddress: mail.fromAddress,
      fromName: mail.fromName,
      subject: mail.subject,
      threadSignal: mail.threadSignal,
      automated: mail.automated,
      html: mail.html,
      rawAttachmentId: mail.rawAttachmentId,
      receivedAt: mail.receivedAt.toISOString(),
    })),
  };
}

function domainOf(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return address.slice(address.lastIndexOf('@') + 1) || 'localhost';
}

/** The signed address the signed-in user forwards customer mail to, to log it on the customer. */
export async function getActivityAddress(ctx: ServiceContext) {
  if (ctx.actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in as a staff user');
  const secret = await mailLinkSecret(ctx.db, ctx.config);
  return { address: activityAddress(ctx.actor.id, domainOf(ctx.config.MAIL_FROM), secret) };
}

/**
 * Raw messages are attachments no ticket message carries: ticket readers may download the raw
 * mail of a message, holders of the quarantine right the raw mail in quarantine.
 */
export async function inboundRawReaderMayRead(db: Queryable, actor: StaffActor, attachmentId: string): Promise<boolean> {
  const mayInbound = canMailIn(actor, 'inbound.read');
  const mayQuarantine = canMailIn(actor, 'quarantine.read');
  if (!mayInbound && !mayQuarantine) return false;
  if (mayInbound) {
    const [row] = await db.select({ one: sql<number>`1` }).from(inboundMails).where(or(eq(inboundMails.rawAttachmentId, attachmentId))).limit(1);
    if (row) return true;
  }
  if (mayQuarantine) {
    const [row] = await db.select({ one: sql<number>`1` }).from(quarantinedMails).where(eq(quarantinedMails.rawAttachmentId, attachmentId)).limit(1);
    if (row) return true;
  }
  return false;
}
