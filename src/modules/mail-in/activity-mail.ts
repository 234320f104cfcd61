import { sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { recordEvent } from '../../platform/events/record-event.js';
import type { InboundMessage } from './inbound-message.js';
import { forwardedSender } from './mail-classification.js';
import { findOrCreateSenderContact } from './sender-contacts.js';

/** The mail a forward wraps: an attached message/rfc822 part first, else the quoted header block. */
function originalSender(message: InboundMessage): { address: string; name: string } | null {
  for (const part of message.attachments) {
    if (part.contentType !== 'message/rfc822') continue;
    const headers = part.content.toString('utf8').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
    const found = forwardedSender(headers);
    if (found) return found;
  }
  return forwardedSender(message.text);
}

/**
 * Email-to-activity: a user forwarded a customer's mail to their activity address. The mail is
 * logged on the original sender's timeline as a `contact.email_logged` event (activities proper
 * come later and will read these). Returns the contact, or null when the forward names nobody.
 */
export async function logActivityMail(tx: Queryable, ctx: ServiceContext, input: { userId: string; message: InboundMessage; inboundMailId: string; now: Date }) {
  const [user] = await queryRows<{ id: string; email: string; name: string }>(tx, sql`SELECT id, email, name FROM users WHERE id = ${input.userId} AND NOT disabled`);
  if (!user) return null;
  const original = originalSender(input.message);
  if (!original) return null;
  const contact = await findOrCreateSenderContact(tx, ctx, original, { create: true });
  await recordEvent(tx, ctx, {
    recordType: 'contact',
    recordId: contact!.id,
    action: 'contact.email_logged',
    changes: {
      subject: input.message.subject,
      from: original.address,
      loggedByUserId: user.id,
      loggedBy: user.email,
      inboundMailId: input.inboundMailId,
      sentAt: input.message.sentAt?.toISOString() ?? null,
      excerpt: input.message.text.slice(0, 2000),
    },
  });
  return { contactId: contact!.id, userId: user.id, original };
}
