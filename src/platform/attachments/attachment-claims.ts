import { asc, inArray } from 'drizzle-orm';
import type { Actor } from '../actor.js';
import { recordEvent } from '../events/record-event.js';
import type { Queryable } from '../db/client.js';
import { AppError, type FieldError } from '../errors.js';
import type { AttachmentSummary } from './attachments.contract.js';
import { toAttachmentSummary, uploaderId } from './attachments.service.js';
import { attachments } from './attachments.tables.js';

type EventContext = { actor: Actor; clock: { now(): Date }; requestId?: string };

/** What an attachment is attached to, for its history: `{ recordType: 'ticket_message', recordId }`. */
export interface AttachmentCarrier {
  recordType: string;
  recordId: string;
}

/**
 * Attaches uploads to a record being written in `tx`: each id must be an upload of this actor
 * that is not attached to anything yet and has not expired. An attachment belongs to one
 * record; to attach the same file again, upload it again (the content is still stored once).
 * Bad ids are answered with a 400 naming each, e.g. `message.attachmentIds.1`.
 */
export async function claimAttachments(
  tx: Queryable,
  context: EventContext,
  ids: readonly string[],
  field: string,
  attachedTo: AttachmentCarrier,
): Promise<AttachmentSummary[]> {
  if (ids.length === 0) return [];
  // Locked until the record commits, so a second claim or the cleanup job waits for this one.
  const rows = await tx
    .select()
    .from(attachments)
    .where(inArray(attachments.id, [...new Set(ids)]))
    .orderBy(asc(attachments.id))
    .for('update');
  const byId = new Map(rows.map((row) => [row.id, row]));
  const uploader = uploaderId(context.actor);
  const now = context.clock.now();
  const errors: FieldError[] = [];
  ids.forEach((id, index) => {
    const row = byId.get(id);
    const problem =
      ids.indexOf(id) !== index
        ? 'is listed twice'
        : !row
          ? 'is not an uploaded attachment (uploads that are not attached within a day are deleted)'
          : row.uploadedBy !== uploader
            ? 'was uploaded by someone else'
            : row.expiresAt === null
              ? 'is already attached to another record; upload the file again to attach it here too'
              : row.expiresAt <= now
                ? 'has expired; upload the file again'
                : undefined;
    if (problem) errors.push({ field: `${field}.${index}`, message: problem });
  });
  if (errors.length > 0) throw new AppError('validation_failed', `${errors[0]!.field}: ${errors[0]!.message}`, { errors });
  await tx.update(attachments).set({ expiresAt: null }).where(inArray(attachments.id, [...ids]));
  for (const id of ids) await recordEvent(tx, context, { recordType: 'attachment', recordId: id, action: 'attachment.attached', changes: { attachedTo } });
  return ids.map((id) => toAttachmentSummary(byId.get(id)!));
}

/**
 * The record that carried these attachments is gone: they expire now, and the cleanup job
 * deletes them (and their content, when nothing else has the same bytes).
 */
export async function releaseAttachments(tx: Queryable, context: EventContext, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.update(attachments).set({ expiresAt: context.clock.now() }).where(inArray(attachments.id, [...ids]));
  for (const id of ids) await recordEvent(tx, context, { recordType: 'attachment', recordId: id, action: 'attachment.released' });
}
