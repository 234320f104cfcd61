import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { automatedKind, bounceFacts, messageIdsIn, normalizeMessageId, type BounceFacts } from './mail-classification.js';
import type { AutomatedKind } from './mail-in.tables.js';

/** What email-in needs from one raw message, decoded (charsets, transfer encodings) by mailparser. */
export interface InboundMessage {
  messageId: string | null;
  dedupeKey: string;
  from: { address: string; name: string } | null;
  /** To, Cc, Delivered-To and X-Original-To, lower-cased; the envelope adds its own. */
  headerRecipients: string[];
  subject: string;
  /** In-Reply-To first, then References newest first: the order to try them in. */
  referencedIds: string[];
  text: string;
  html: string | null;
  sentAt: Date | null;
  automated: AutomatedKind | null;
  bounce: BounceFacts | null;
  attachments: MailPart[];
}

export interface MailPart {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Content-ID without brackets, for parts the HTML shows inline (cid:). */
  contentId: string | null;
  inline: boolean;
}

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((group) => group.value.flatMap((entry) => (entry.group ? entry.group : [entry]))).flatMap((entry) => (entry.address ? [{ address: entry.address.toLowerCase(), name: entry.name ?? '' }] : []));
}

function headerText(mail: ParsedMail, name: string): string | undefined {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(' ');
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') {
    const params = 'params' in value && value.params ? Object.entries(value.params as Record<string, string>).map(([key, param]) => `; ${key}="${param}"`).join('') : '';
    return value.value + params;
  }
  if (typeof value === 'object' && 'text' in value && typeof value.text === 'string') return value.text;
  return String(value);
}

function partName(attachment: Attachment, index: number): string {
  if (attachment.filename) return attachment.filename;
  const extension = attachment.contentType === 'message/rfc822' ? '.eml' : attachment.contentType.startsWith('image/') ? `.${attachment.contentType.slice(6).replace(/[^a-z0-9]/g, '')}` : '';
  return `part-${index + 1}${extension}`;
}

/**
 * mailparser folds a DSN's message/delivery-status part into the text; its fields are read from
 * the raw part instead (it is 7-bit text by definition, RFC 3464).
 */
function deliveryStatusParts(raw: Buffer): { contentType: string; content: string }[] {
  const text = raw.toString('latin1');
  const start = /^content-type:\s*message\/(global-)?delivery-status[^\n]*\n/im.exec(text);
  if (!start) return [];
  const rest = text.slice(start.index + start[0].length);
  const end = rest.search(/^--/m);
  return [{ contentType: 'message/delivery-status', content: end === -1 ? rest : rest.slice(0, end) }];
}

/** Parses a raw message; throws when it is not a message at all (the caller quarantines it). */
export async function parseInboundMessage(raw: Buffer): Promise<InboundMessage> {
  // keepCidLinks: inline images stay cid: links, which the sanitiser points at stored attachments.
  const mail = await simpleParser(raw, { keepCidLinks: true, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  if (mail.headers.size === 0) throw new Error('the message has no headers');
  const from = addresses(mail.from)[0] ?? null;
  const recipients = [...addresses(mail.to), ...addresses(mail.cc)].map((entry) => entry.address);
  for (const name of ['delivered-to', 'x-original-to', 'envelope-to']) {
    const value = headerText(mail, name);
    if (value) recipients.push(...value.split(/[\s,]+/).filter((part) => part.includes('@')).map((part) => part.replace(/^<|>$/g, '').toLowerCase()));
  }
  const messageId = normalizeMessageId(mail.messageId);
  const contentType = headerText(mail, 'content-type') ?? 'text/plain';
  const automated = automatedKind((name) => headerText(mail, name), contentType, from?.address ?? '');
  const attachments: MailPart[] = mail.attachments.map((attachment, index) => ({
    filename: partName(attachment, index),
    contentType: attachment.contentType.toLowerCase(),
    content: attachment.content,
    contentId: attachment.cid ?? normalizeMessageId(attachment.contentId) ?? null,
    inline: attachment.related === true || attachment.contentDisposition === 'inline',
  }));
  const bounce = automated === 'bounce' ? bounceFacts([...deliveryStatusParts(raw), ...attachments.filter((part) => part.contentType.startsWith('message/') || part.contentType === 'text/rfc822-headers').map((part) => ({ contentType: part.contentType, content: part.content.toString('utf8') }))]) : null;
  const referencedIds = [...messageIdsIn(headerText(mail, 'in-reply-to')), ...messageIdsIn(mail.references).reverse()];
  return {
    messageId,
    dedupeKey: messageId ? `mid:${messageId}` : `sha256:${createHash('sha256').update(raw).digest('hex')}`,
    from,
    headerRecipients: [...new Set(recipients)],
    subject: (mail.subject ?? '').replace(/[\r\n]+/g, ' ').trim(),
    referencedIds: [...new Set(referencedIds)],
    text: (mail.text ?? '').replace(/\r\n/g, '\n'),
    html: typeof mail.html === 'string' && mail.html.trim() ? mail.html : null,
    sentAt: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : null,
    automated,
    bounce,
    attachments,
  };
}
