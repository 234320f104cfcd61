import { z } from 'zod';

const id = z.uuid();

/** An upload as the API answers it. */
export const attachmentSchema = z.object({
  id,
  filename: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  sha256: z.string(),
  createdAt: z.string(),
  /** Until when the upload waits to be attached; null once it is. */
  expiresAt: z.string().nullable(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** What a record that carries attachments lists about each (a ticket message, later a mail). */
export const attachmentSummarySchema = z.object({ id, filename: z.string(), size: z.number().int(), contentType: z.string() });
export type AttachmentSummary = z.infer<typeof attachmentSummarySchema>;

/** Attachments named by a write: uploaded first, then attached by id. */
export const attachmentIdsInput = z.array(id).max(20);

export const uploadAttachmentQuery = z.strictObject({ filename: z.string().trim().min(1).max(1000) });
export const attachmentIdParams = z.strictObject({ id });
