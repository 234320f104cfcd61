/**
 * Pure rules over a parsed inbound mail: is it from a robot, which Message-IDs it refers to,
 * which ticket number its subject names, who wrote a forwarded mail, what a reply adds to the
 * quoted history. No I/O.
 */
import type { AutomatedKind } from './mail-in.tables.js';

/** Header lookup by lower-case name; mailparser's header map, or a plain record in tests. */
export type HeaderLookup = (name: string) => string | undefined;

/**
 * RFC 3834 Auto-Submitted, the de-facto Precedence / X-Autoreply / X-Autorespond headers, and
 * RFC 3464 delivery status notifications. A robot's mail never gets an automatic answer.
 */
export function automatedKind(header: HeaderLookup, contentType: string, fromAddress: string): AutomatedKind | null {
  const type = contentType.toLowerCase();
  if (type.startsWith('multipart/report') && /report-type\s*=\s*"?delivery-status/.test(type)) return 'bounce';
  if (/^(mailer-daemon|postmaster)@/i.test(fromAddress) && /delivery|undeliver|returned|failure/i.test(header('subject') ?? '')) return 'bounce';
  const autoSubmitted = (header('auto-submitted') ?? '').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto_reply';
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined || header('x-autoresponse') !== undefined) return 'auto_reply';
  const suppress = (header('x-auto-response-suppress') ?? '').toLowerCase();
  const precedence = (header('precedence') ?? '').trim().toLowerCase();
  if (precedence === 'auto_reply') return 'auto_reply';
  if (precedence === 'bulk' || precedence === 'list' || precedence === 'junk') return 'mailing_list';
  if (header('list-id') !== undefined || header('list-unsubscribe') !== undefined) return 'mailing_list';
  // Exchange marks its own out-of-office replies this way.
  if (suppress.includes('all') && /^(automatic reply|out of office|auto(matic)?[ -]?reply)/i.test(header('subject') ?? '')) return 'auto_reply';
  return null;
}

/** `<a@b> <c@d>` (any spacing, comments or commas) -> ['a@b', 'c@d']. */
export function messageIdsIn(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return [...text.matchAll(/<([^<>\s]+@[^<>\s]+)>/g)].map((match) => match[1]!);
}

/** A Message-ID as stored: no angle brackets, no surrounding space. */
export function normalizeMessageId(value: string | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim().replace(/^<|>$/g, '').trim();
  return trimmed.length > 0 && trimmed.length <= 500 ? trimmed : null;
}

/** The ticket number a subject names, as `[#136]` (Patron's own subjects carry it like this). */
export function subjectTicketNumber(subject: string): number | null {
  const match = /\[#(\d{1,15})\]/.exec(subject);
  return match ? Number(match[1]) : null;
}

/** A subject without reply and forward prefixes, for a new ticket's subject. */
export function cleanSubject(subject: string): string {
  let current = subject.replace(/\s+/g, ' ').trim();
  for (;;) {
    const next = current.replace(/^(re|fw|fwd|aw|wg|sv|vs|tr|rv)\s*(\[\d+\])?\s*:\s*/i, '');
    if (next === current) break;
    current = next;
  }
  return current.slice(0, 300) || '(no subject)';
}

const forwardMarkers = [/^-{2,}\s*forwarded message\s*-{2,}$/im, /^begin forwarded message:?$/im, /^-{2,}\s*original message\s*-{2,}$/im, /^_{10,}$/m];

/**
 * The original sender of a forwarded mail, from the quoted header block Gmail, Outlook and Apple
 * Mail put in the body ("From: Name <a@b>", Outlook's "From: Name [mailto:a@b]").
 */
export function forwardedSender(text: string): { address: string; name: string } | null {
  let start = -1;
  for (const marker of forwardMarkers) {
    const match = marker.exec(text);
    if (match && (start === -1 || match.index < start)) start = match.index;
  }
  const block = start === -1 ? text : text.slice(start);
  const from = /^\s*>?\s*\*?from:\*?\s*(.*)$/im.exec(block);
  if (!from) return null;
  const line = from[1]!.trim();
  const address = /<([^<>\s]+@[^<>\s]+)>/.exec(line)?.[1] ?? /mailto:([^\]\s]+@[^\]\s]+)\]/i.exec(line)?.[1] ?? /([^\s<>"[\]]+@[^\s<>"[\]]+\.[a-z]{2,})/i.exec(line)?.[1];
  if (!address) return null;
  const name = line
    .replace(/<[^>]*>|\[mailto:[^\]]*\]/gi, '')
    .replace(address, '')
    .replace(/["']/g, '')
    .trim();
  return { address: address.toLowerCase(), name };
}

const quoteHeaders = [
  /^on .{1,200}(wrote|schrieb|a écrit|escribió):\s*$/im,
  /^-{2,}\s*original message\s*-{2,}\s*$/im,
  /^_{10,}\s*$/m,
  /^from:\s.+$\n^(sent|date):\s.+$/im,
];

/**
 * What a reply adds: the text above the quoted history ("On ... wrote:", Outlook's "From: / Sent:"
 * block, "> " lines). The whole mail stays in the raw message; the ticket shows the new part.
 */
export function replyText(text: string): string {
  let end = text.length;
  for (const pattern of quoteHeaders) {
    const match = pattern.exec(text);
    if (match && match.index < end) end = match.index;
  }
  const kept = text
    .slice(0, end)
    .split('\n')
    .filter((line) => !line.startsWith('>'))
    .join('\n')
    .trim();
  return kept.length > 0 ? kept : text.trim();
}

/** Facts a delivery status notification (RFC 3464) gives about the mail that bounced. */
export interface BounceFacts {
  originalMessageId: string | null;
  failedRecipient: string | null;
  status: string | null;
}

/** Reads the machine-readable parts of a DSN: message/delivery-status and the returned headers. */
export function bounceFacts(parts: { contentType: string; content: string }[]): BounceFacts {
  const status = parts.find((part) => part.contentType === 'message/delivery-status')?.content ?? '';
  const returned = parts.find((part) => part.contentType === 'message/rfc822' || part.contentType === 'text/rfc822-headers')?.content ?? '';
  const unfolded = returned.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const messageId = /^message-id:\s*(.+)$/im.exec(unfolded)?.[1];
  const recipient = /^final-recipient:\s*[^;]*;\s*(\S+)/im.exec(status)?.[1] ?? /^original-recipient:\s*[^;]*;\s*(\S+)/im.exec(status)?.[1];
  return {
    originalMessageId: normalizeMessageId(messageIdsIn(messageId)[0] ?? messageId),
    failedRecipient: recipient?.replace(/^<|>$/g, '').toLowerCase() ?? null,
    status: /^status:\s*(\S+)/im.exec(status)?.[1] ?? null,
  };
}
