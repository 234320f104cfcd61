import { and, desc, eq, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { systemActor } from '../../platform/actor.js';
import { storeSystemAttachment } from '../../platform/attachments/index.js';
import type { Runtime, ServiceContext } from '../../platform/context.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import type { InboundDelivery, IngestOutcome } from './ingest.service.js';
import type { InboundMessage } from './inbound-message.js';
import { quarantinedMails, type QuarantineReason, type QuarantinedMailRow } from './mail-in.tables.js';
import { assertCanMailIn } from './mail-in.policy.js';
import { MailStoreUnavailableError } from './mail-store-errors.js';

/** Of a message too large to keep, the start (its headers, for the admin to see what it was). */
const keptHeadBytes = 64 * 1024;

/** The subject and sender of a message that could not be parsed, read from its raw headers. */
function rawHeader(raw: Buffer, name: string): string | null {
  const head = raw.subarray(0, keptHeadBytes).toString('latin1').split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.slice(0, 300) ?? null;
}

/**
 * Keeps a message email-in could not take, with the reason an admin reads, and lets later mail go
 * on. The sender is told 250 (retrying would only bring the same bytes back); when even this
 * write fails the database is down, and the sender is asked to retry.
 */
export async function quarantineMail(
  runtime: Runtime,
  delivery: InboundDelivery,
  input: { reason: QuarantineReason; detail: string; message?: InboundMessage },
): Promise<IngestOutcome> {
  const now = runtime.clock.now();
  const content = input.reason === 'too_large' ? delivery.raw.subarray(0, keptHeadBytes) : delivery.raw;
  try {
    return await runtime.db.transaction(async (tx) => {
      const raw = await storeSystemAttachment(tx, runtime.config, { filename: input.reason === 'too_large' ? 'headers.eml' : 'message.eml', contentType: 'message/rfc822', content }, now, { attached: true });
      const [row] = await tx
        .insert(quarantinedMails)
        .values({
          reason: input.reason,
          detail: input.detail.slice(0, 1000),
          size: delivery.size ?? delivery.raw.length,
          envelopeFrom: delivery.envelopeFrom ?? null,
          recipients: delivery.recipients.map((address) => address.toLowerCase()),
          fromAddress: input.message?.from?.address ?? rawHeader(delivery.raw, 'from'),
          subject: input.message?.subject ?? rawHeader(delivery.raw, 'subject'),
          rawAttachmentId: raw.id,
          receivedAt: now,
        })
        .returning({ id: quarantinedMails.id });
      await recordEvent(tx, { actor: systemActor('mail-in'), clock: runtime.clock }, { recordType: 'quarantined_mail', recordId: row!.id, action: 'inbound_mail.quarantined', changes: { reason: input.reason, detail: input.detail } });
      return { status: 'quarantined' as const, quarantineId: row!.id, reason: input.reason };
    });
  } catch (error) {
    throw new MailStoreUnavailableError(error);
  }
}

export const listQuarantinedQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function toQuarantinedMail(row: QuarantinedMailRow) {
  return {
    id: row.id,
    reason: row.reason,
    detail: row.detail,
    size: row.size,
    envelopeFrom: row.envelopeFrom,
    recipients: row.recipients,
    fromAddress: row.fromAddress,
    subject: row.subject,
    rawAttachmentId: row.rawAttachmentId,
    receivedAt: row.receivedAt.toISOString(),
  };
}

/** Quarantined mail, newest first, for admins. */
export async function listQuarantinedMail(ctx: ServiceContext, query: z.infer<typeof listQuarantinedQuery>) {
  assertCanMailIn(ctx.actor, 'quarantine.read');
  const after = decodeTypedCursor(query.cursor, z.iso.datetime(), z.uuid());
  const rows = await ctx.db
    .select()
    .from(quarantinedMails)
    .where(after ? or(lt(quarantinedMails.receivedAt, new Date(after.sort)), and(eq(quarantinedMails.receivedAt, new Date(after.sort)), lt(quarantinedMails.id, after.id))) : undefined)
    .orderBy(desc(quarantinedMails.receivedAt), desc(quarantinedMails.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ sort: row.receivedAt.toISOString(), id: row.id }));
  return { items: page.items.map(toQuarantinedMail), nextCursor: page.nextCursor };
}
