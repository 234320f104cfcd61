import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Queryable } from '../../platform/db/client.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { mailTemplates } from './communications.tables.js';
import { mailboxParts, messageIdFor } from './mail-threading.js';
import { renderTemplate } from './template-renderer.js';
import type { TemplateKey } from './template-tags.js';

/**
 * Renders a stored template with the given tag values and queues it, in the caller's
 * transaction: mail that belongs to no ticket (the portal's password reset and invitation,
 * one-off mail to a contact).
 */
export async function queueTemplateMail(
  tx: Queryable,
  config: Pick<Config, 'MAIL_FROM'>,
  input: { templateKey: TemplateKey; to: string; values: Record<string, string> },
  now: Date,
): Promise<{ mailId: string; messageId: string; subject: string }> {
  const [template] = await tx.select().from(mailTemplates).where(eq(mailTemplates.key, input.templateKey));
  if (!template) throw new Error(`Mail template ${input.templateKey} is missing`);
  const rendered = renderTemplate(template, input.values);
  const messageId = messageIdFor(randomUUID(), mailboxParts(config.MAIL_FROM).domain);
  const mailId = await queueMail(tx, { from: config.MAIL_FROM, to: input.to, subject: rendered.subject, text: rendered.text, html: rendered.html, headers: { 'Message-ID': messageId } }, now);
  return { mailId, messageId, subject: rendered.subject };
}
