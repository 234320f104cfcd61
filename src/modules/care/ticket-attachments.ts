import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { StaffActor } from '../../platform/actor.js';
import {
  attachments,
  claimAttachments,
  releaseAttachments,
  toAttachmentSummary,
  type AttachmentSummary,
} from '../../platform/attachments/index.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { canCare } from './care.policy.js';
import { ticketMessageAttachments, ticketMessages } from './tickets.tables.js';

/** Attaches the actor's uploads to a new message; `field` names the ids in a 400 (`message.attachmentIds`). */
export async function attachToMessage(tx: Queryable, ctx: ServiceContext, messageId: string, attachmentIds: readonly string[], field: string): Promise<AttachmentSummary[]> {
  const claimed = await claimAttachments(tx, ctx, attachmentIds, field, { recordType: 'ticket_message', recordId: messageId });
  if (claimed.length > 0) {
    await tx.insert(ticketMessageAttachments).values(claimed.map((attachment, position) => ({ messageId, attachmentId: attachment.id, position })));
  }
  return claimed;
}

/** The attachments of each message, in the order they were attached. */
export async function attachmentsOfMessages(db: Queryable, messageIds: readonly string[]): Promise<Map<string, AttachmentSummary[]>> {
  const byMessage = new Map<string, AttachmentSummary[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .select({ messageId: ticketMessageAttachments.messageId, id: attachments.id, filename: attachments.filename, size: attachments.size, contentType: attachments.contentType })
    .from(ticketMessageAttachments)
    .innerJoin(attachments, eq(attachments.id, ticketMessageAttachments.attachmentId))
    .where(inArray(ticketMessageAttachments.messageId, [...messageIds]))
    .orderBy(asc(ticketMessageAttachments.messageId), asc(ticketMessageAttachments.position));
  for (const row of rows) {
    const list = byMessage.get(row.messageId) ?? [];
    list.push(toAttachmentSummary(row));
    byMessage.set(row.messageId, list);
  }
  return byMessage;
}

/** Before a ticket is deleted: its messages' attachments expire now, for the cleanup job. */
export async function releaseTicketAttachments(tx: Queryable, ctx: ServiceContext, ticketId: string): Promise<void> {
  const rows = await tx
    .select({ id: ticketMessageAttachments.attachmentId })
    .from(ticketMessageAttachments)
    .innerJoin(ticketMessages, eq(ticketMessages.id, ticketMessageAttachments.messageId))
    .where(eq(ticketMessages.ticketId, ticketId));
  await releaseAttachments(tx, ctx, rows.map((row) => row.id));
}

/** Staff who may read tickets may download what any ticket message carries (internal notes included). */
export async function ticketReaderMayRead(db: Queryable, actor: StaffActor, attachmentId: string): Promise<boolean> {
  if (!canCare(actor, 'ticket.read')) return false;
  const [row] = await db.select({ one: sql<number>`1` }).from(ticketMessageAttachments).where(eq(ticketMessageAttachments.attachmentId, attachmentId)).limit(1);
  return row !== undefined;
}
