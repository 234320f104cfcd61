import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { tickets, ticketMessages } from '../care/index.js';
import { ticketMails, verifyReplyAddress } from '../communications/index.js';
import { subjectTicketNumber } from './mail-classification.js';
import type { ThreadSignal } from './mail-in.tables.js';
import { inboundMails } from './mail-in.tables.js';

export interface ThreadTarget {
  ticketId: string;
  number: number;
  signal: Extract<ThreadSignal, 'reply_token' | 'references' | 'subject_number'>;
}

async function ticketByNumber(db: Queryable, number: number) {
  const [row] = await db.select({ id: tickets.id, number: tickets.number, contactId: tickets.contactId, contactEmail: tickets.contactEmail }).from(tickets).where(eq(tickets.number, number));
  return row;
}

/** The ticket's customer, or someone whose mail already threaded onto it. */
async function isParticipant(db: Queryable, ticket: { id: string; contactId: string | null; contactEmail: string | null }, sender: { address: string; contactId: string }): Promise<boolean> {
  if (ticket.contactId === sender.contactId || ticket.contactEmail?.toLowerCase() === sender.address) return true;
  const [earlier] = await db
    .select({ one: sql<number>`1` })
    .from(inboundMails)
    .innerJoin(ticketMessages, eq(ticketMessages.id, inboundMails.ticketMessageId))
    .where(and(eq(ticketMessages.ticketId, ticket.id), sql`lower(${inboundMails.fromAddress}) = ${sender.address}`))
    .limit(1);
  return earlier !== undefined;
}

/**
 * Which ticket a mail belongs to, by the strongest signal it carries:
 * 1. a signed reply address (`support+t136.<hmac>@`), which only Patron can make;
 * 2. In-Reply-To / References naming mail Patron sent for a ticket (random, unguessable ids), or
 *    mail it received on one, the latter only from a participant of that ticket;
 * 3. `[#136]` in the subject, only from that ticket's customer or a participant.
 * Anything else from a stranger opens a new ticket: a forged or unsigned identifier never puts
 * mail on someone else's ticket.
 */
export async function findThread(
  db: Queryable,
  mail: { recipients: string[]; referencedIds: string[]; subject: string },
  sender: { address: string; contactId: string },
  secret: string,
): Promise<ThreadTarget | null> {
  for (const recipient of mail.recipients) {
    const number = verifyReplyAddress(recipient, secret);
    const ticket = number === null ? undefined : await ticketByNumber(db, number);
    if (ticket) return { ticketId: ticket.id, number: ticket.number, signal: 'reply_token' };
  }
  if (mail.referencedIds.length > 0) {
    const ids = mail.referencedIds.slice(0, 50);
    const sent = await db
      .select({ messageId: ticketMails.messageId, ticketId: tickets.id, number: tickets.number })
      .from(ticketMails)
      .innerJoin(tickets, eq(tickets.id, ticketMails.ticketId))
      .where(inArray(ticketMails.messageId, ids.map((id) => `<${id}>`)));
    const received = await db
      .select({ messageId: inboundMails.messageId, ticketId: tickets.id, number: tickets.number, contactId: tickets.contactId, contactEmail: tickets.contactEmail })
      .from(inboundMails)
      .innerJoin(ticketMessages, eq(ticketMessages.id, inboundMails.ticketMessageId))
      .innerJoin(tickets, eq(tickets.id, ticketMessages.ticketId))
      .where(inArray(inboundMails.messageId, ids));
    for (const id of ids) {
      const ours = sent.find((row) => row.messageId === `<${id}>`);
      if (ours) return { ticketId: ours.ticketId, number: ours.number, signal: 'references' };
      const theirs = received.find((row) => row.messageId === id);
      if (theirs && (await isParticipant(db, { id: theirs.ticketId, contactId: theirs.contactId, contactEmail: theirs.contactEmail }, sender))) {
        return { ticketId: theirs.ticketId, number: theirs.number, signal: 'references' };
      }
    }
  }
  const number = subjectTicketNumber(mail.subject);
  if (number !== null) {
    const ticket = await ticketByNumber(db, number);
    if (ticket && (await isParticipant(db, ticket, sender))) return { ticketId: ticket.id, number: ticket.number, signal: 'subject_number' };
  }
  return null;
}
