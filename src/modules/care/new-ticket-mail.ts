import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { queueMail } from '../../platform/mail/outbox.js';

/**
 * Sends the "we opened your request" mail when staff tick "Email customer". The communications
 * module registers its template-based sender here (it depends on care, so care cannot import it);
 * without it, care falls back to a plain message so the box still does what it says.
 */
export type NewTicketMailer = (tx: Queryable, ctx: ServiceContext, ticket: { id: string }, now: Date) => Promise<void>;

let registeredMailer: NewTicketMailer | undefined;

export function registerNewTicketMailer(mailer: NewTicketMailer): void {
  registeredMailer = mailer;
}

export async function mailNewTicketToCustomer(
  tx: Queryable,
  ctx: ServiceContext,
  ticket: { id: string; number: number; subject: string; contactName: string; contactEmail: string },
  firstPublicMessage: string | undefined,
  now: Date,
): Promise<void> {
  if (registeredMailer) return registeredMailer(tx, ctx, ticket, now);
  await queueMail(
    tx,
    {
      from: ctx.config.MAIL_FROM,
      to: ticket.contactEmail,
      subject: `[#${ticket.number}] ${ticket.subject}`,
      text: `Hello ${ticket.contactName},\n\nWe have opened request #${ticket.number} for you: "${ticket.subject}".\n${firstPublicMessage ? `\n${firstPublicMessage}\n` : ''}\nWe will get back to you soon.\n`,
    },
    now,
  );
}
