/**
 * Headers that keep a ticket's mails in one conversation in the customer's mail program, and the
 * signed reply address email-in threads by. Pure: the secret and times come in as arguments.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `Patron <support@shop.example>` -> { local: 'support', domain: 'shop.example' }. */
export function mailboxParts(from: string): { local: string; domain: string } {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
  const at = address.lastIndexOf('@');
  if (at <= 0) return { local: address || 'patron', domain: 'localhost' };
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

export function messageIdFor(uniquePart: string, domain: string): string {
  return `<${uniquePart}@${domain}>`;
}

const maxReferences = 20;

/**
 * References and In-Reply-To for the next mail of a thread. RFC 5322 lets a long chain be cut;
 * the first message (the thread's root) is always kept, then the newest ones.
 */
export function threadHeaders(previousMessageIds: readonly string[]): Record<string, string> {
  if (previousMessageIds.length === 0) return {};
  const kept = previousMessageIds.length <= maxReferences ? previousMessageIds : [previousMessageIds[0]!, ...previousMessageIds.slice(-(maxReferences - 1))];
  return { References: kept.join(' '), 'In-Reply-To': previousMessageIds[previousMessageIds.length - 1]! };
}

// 100-nanosecond intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01.
const fileTimeEpochOffset = 116_444_736_000_000_000n;

function fileTime(at: Date): bigint {
  return BigInt(at.getTime()) * 10_000n + fileTimeEpochOffset;
}

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

/**
 * Outlook's Thread-Index ([MS-OXOMSG] PidTagConversationIndex): a 22-byte header (the high six
 * bytes of the thread's start FILETIME and a GUID) plus one 5-byte block per reply, each holding
 * the time since the previous one. Outlook groups mails by it when References are missing.
 */
export function threadIndex(thread: { id: string; startedAt: Date }, replyTimes: readonly Date[]): string {
  const start = fileTime(thread.startedAt);
  const header = Buffer.alloc(22);
  const startBytes = Buffer.alloc(8);
  startBytes.writeBigUInt64BE(start);
  startBytes.copy(header, 0, 0, 6);
  uuidBytes(thread.id).copy(header, 6);
  const blocks: Buffer[] = [header];
  // The header keeps only the high 48 bits of the start time; deltas count from that.
  let previous = (start >> 16n) << 16n;
  replyTimes.forEach((at, index) => {
    const current = fileTime(at);
    const delta = current > previous ? current - previous : 0n;
    const small = delta < 1n << 50n;
    const timeDelta = Number(small ? (delta >> 18n) & 0x7fffffffn : (delta >> 23n) & 0x7fffffffn);
    const block = Buffer.alloc(5);
    block.writeUInt32BE(((small ? 0 : 1) << 31) | timeDelta, 0);
    // Random nibble left 0 so the index is reproducible; the low nibble is a sequence count.
    block.writeUInt8(index & 0x0f, 4);
    blocks.push(block);
    previous += small ? BigInt(timeDelta) << 18n : BigInt(timeDelta) << 23n;
  });
  return Buffer.concat(blocks).toString('base64');
}

function replySignature(ticketNumber: number, secret: string): string {
  return createHmac('sha256', secret).update(`patron.reply-to.ticket:${ticketNumber}`).digest('hex').slice(0, 16);
}

/**
 * The reply address of a ticket: `support+t136.<signature>@domain`. Mail to it threads onto
 * #136 only when the signature matches, so a stranger cannot aim mail at someone's ticket.
 * Hex is used because mail servers may lower-case the local part.
 */
export function signedReplyAddress(from: string, ticketNumber: number, secret: string): string {
  const { local, domain } = mailboxParts(from);
  const base = local.split('+')[0];
  return `${base}+t${ticketNumber}.${replySignature(ticketNumber, secret)}@${domain}`;
}

/** The ticket number a reply address was signed for, or null when it is not one of ours or forged. */
export function verifyReplyAddress(address: string, secret: string): number | null {
  const match = /\+t(\d{1,15})\.([0-9a-f]{16})@/i.exec(address);
  if (!match) return null;
  const ticketNumber = Number(match[1]);
  const expected = Buffer.from(replySignature(ticketNumber, secret));
  const given = Buffer.from(match[2]!.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given) ? ticketNumber : null;
}
