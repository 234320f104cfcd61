import type { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import type { Queryable } from '../db/client.js';
import { AppError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { staffMayReadAttachment } from './attachment-readers.js';
import { attachments, type AttachmentRow } from './attachments.tables.js';
import type { Attachment, AttachmentSummary } from './attachments.contract.js';
import { blobStoreAt, BlobTooLargeError, type LocalBlobStore, type ReceivedBlob } from './blob-store.js';
import { normalizeContentType, safeFilename } from './file-names.js';

/** How long an upload waits to be attached before the cleanup job deletes it. */
export const unattachedLifetimeMs = 24 * 60 * 60 * 1000;

export function attachmentStore(config: Pick<Config, 'attachmentsDir'>): LocalBlobStore {
  return blobStoreAt(config.attachmentsDir);
}

/**
 * Serialises work on one content hash across transactions and nodes: storing new content and
 * deleting content nobody refers to any more must not interleave, or a fresh upload could lose
 * its bytes to a cleanup that decided a moment earlier that the hash was unused.
 */
export async function lockContent(tx: Queryable, sha256: string): Promise<void> {
  const key = Number.parseInt(sha256.slice(0, 8), 16) | 0;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(7243013, ${key}::int)`);
}

export function toAttachment(row: AttachmentRow): Attachment {
  return {
    id: row.id,
    filename: row.filename,
    size: row.size,
    contentType: row.contentType,
    sha256: row.sha256,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

export function toAttachmentSummary(row: Pick<AttachmentRow, 'id' | 'filename' | 'size' | 'contentType'>): AttachmentSummary {
  return { id: row.id, filename: row.filename, size: Number(row.size), contentType: row.contentType };
}

function tooLarge(maxBytes: number): AppError {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round((maxBytes / 1024 / 1024) * 10) / 10} MiB` : `${maxBytes} bytes`;
  return new AppError('payload_too_large', `The file is larger than the ${limit} limit (ATTACHMENT_MAX_BYTES)`, {
    errors: [{ field: 'body', message: `must be at most ${maxBytes} bytes` }],
    maxBytes,
  });
}

function interrupted(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error).message === 'aborted';
}

export interface UploadInput {
  filename: string;
  /** The Content-Type the uploader sent. */
  contentType?: string;
  /** Content-Length, when known: a larger upload is refused before a byte is read. */
  declaredSize?: number;
  content: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
}

/**
 * Stores an upload: the bytes under their hash (kept once), and a row that waits one day to be
 * attached to something. Staff, customers (through the portal) and the system.
 */
/** Whose upload a row is: a staff user's id, a portal account's id, or null for the system. */
export function uploaderId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : actor.kind === 'customer' ? actor.accountId : null;
}

export async function uploadAttachment(ctx: ServiceContext, input: UploadInput): Promise<Attachment> {
  if (ctx.actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  const maxBytes = ctx.config.ATTACHMENT_MAX_BYTES;
  if (input.declaredSize !== undefined && input.declaredSize > maxBytes) throw tooLarge(maxBytes);
  const filename = safeFilename(input.filename);
  const contentType = normalizeContentType(input.contentType);
  const store = attachmentStore(ctx.config);
  let received: ReceivedBlob;
  try {
    received = await store.receive(input.content, maxBytes);
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw tooLarge(maxBytes);
    if (interrupted(error)) throw new AppError('validation_failed', 'The upload was interrupted before the file was complete', { errors: [{ field: 'body', message: 'is incomplete' }] });
    throw error;
  }
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      await lockContent(tx, received.sha256);
      const [row] = await tx
        .insert(attachments)
        .values({
          sha256: received.sha256,
          size: received.size,
          contentType,
          filename,
          uploadedBy: uploaderId(ctx.actor),
          createdAt: now,
          expiresAt: new Date(now.getTime() + unattachedLifetimeMs),
        })
        .returning();
      // Under the hash's lock, so a cleanup cannot remove the content between this and the commit.
      await store.place(received);
      await recordEvent(tx, ctx, {
        recordType: 'attachment',
        recordId: row!.id,
        action: 'attachment.uploaded',
        changes: { filename, size: received.size, contentType, sha256: received.sha256 },
      });
      return toAttachment(row!);
    });
  } finally {
    // Nothing to do when the content was placed; a failed transaction leaves no temporary file.
    await store.discard(received);
  }
}

export interface AttachmentDownload {
  attachment: AttachmentRow;
  open(): Promise<Readable>;
}

/** An attachment the actor may read, with a way to open its content. */
export async function getAttachmentDownload(ctx: ServiceContext, id: string): Promise<AttachmentDownload> {
  if (ctx.actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  // The portal scopes customers' downloads itself and asks as the system.
  if (ctx.actor.kind === 'customer') throw AppError.notFound('Attachment');
  const [row] = await ctx.db.select().from(attachments).where(eq(attachments.id, id));
  if (!row) throw AppError.notFound('Attachment');
  if (ctx.actor.kind === 'user' && !(await staffMayReadAttachment(ctx.db, ctx.actor, row))) {
    throw AppError.forbidden('You may download an attachment you uploaded, or one on a record you may read');
  }
  const store = attachmentStore(ctx.config);
  return {
    attachment: row,
    open: async () => {
      const content = await store.open(row.sha256);
      if (!content) {
        ctx.logger.error({ attachmentId: row.id, sha256: row.sha256, store: store.root }, 'attachment content is missing from the store');
        throw new AppError('internal', 'The content of this attachment is missing from the attachment store; the operator was told in the log');
      }
      return content;
    },
  };
}

/**
 * Stores content a system process received (an inbound mail, its files) in the caller's
 * transaction: the bytes under their hash, and a row that either is attached already (the raw
 * mail a module refers to itself) or waits to be claimed by a record, like an upload.
 */
export async function storeSystemAttachment(
  tx: Queryable,
  config: Pick<Config, 'attachmentsDir'>,
  input: { filename: string; contentType?: string; content: Uint8Array },
  now: Date,
  options: { attached: boolean },
): Promise<AttachmentRow> {
  const store = attachmentStore(config);
  const received = await store.receive([input.content]);
  try {
    await lockContent(tx, received.sha256);
    const [row] = await tx
      .insert(attachments)
      .values({
        sha256: received.sha256,
        size: received.size,
        contentType: normalizeContentType(input.contentType),
        filename: safeFilename(input.filename),
        uploadedBy: null,
        createdAt: now,
        expiresAt: options.attached ? null : new Date(now.getTime() + unattachedLifetimeMs),
      })
      .returning();
    await store.place(received);
    return row!;
  } finally {
    await store.discard(received);
  }
}
