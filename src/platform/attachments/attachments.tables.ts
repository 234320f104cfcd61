import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One uploaded file. The bytes live in the blob store under their SHA-256, so identical content
 * is stored once however many rows point at it. An upload waits to be attached (to a ticket
 * message today) until `expiresAt`; attaching clears it, and the cleanup job deletes rows whose
 * time ran out, and their content once no row has that hash.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Lowercase hex SHA-256 of the content: the blob's name in the store. */
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** As the uploader declared it (`type/subtype`); downloads of active types are served as octet-stream. */
    contentType: text('content_type').notNull(),
    /** Already made safe: no path, no control characters. */
    filename: text('filename').notNull(),
    // No foreign key: the platform does not depend on the access module, and users are disabled, never deleted.
    /** The staff user who uploaded it; null for system uploads (mail ingest, imports). */
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Set while nothing refers to the upload; null once it is attached. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    index('attachments_sha256_idx').on(table.sha256),
    index('attachments_expires_idx').on(table.expiresAt).where(sql`${table.expiresAt} IS NOT NULL`),
  ],
);

export type AttachmentRow = typeof attachments.$inferSelect;
