import type { PatronModule } from '../module.js';
import { attachmentRoutes } from './attachments.routes.js';
import { scheduleAttachmentCleanup } from './attachments-cleanup.job.js';

export { attachments, type AttachmentRow } from './attachments.tables.js';
export { attachmentIdsInput, attachmentSchema, attachmentSummarySchema, type Attachment, type AttachmentSummary } from './attachments.contract.js';
export { sendAttachmentDownload } from './attachment-response.js';
export { binaryBody } from './attachments.routes.js';
export { uploadAttachmentQuery } from './attachments.contract.js';
export type { UploadInput } from './attachments.service.js';
export { attachmentStore, getAttachmentDownload, storeSystemAttachment, toAttachmentSummary, uploadAttachment, uploaderId, unattachedLifetimeMs } from './attachments.service.js';
export { claimAttachments, releaseAttachments, type AttachmentCarrier } from './attachment-claims.js';
export { registerAttachmentReader, type AttachmentReadCheck } from './attachment-readers.js';
export { deleteExpiredAttachments, sweepUnusedContent } from './attachments-cleanup.job.js';

/** Uploads and downloads under /api/v1/attachments, and the hourly cleanup of unattached uploads. */
export const attachmentsModule: PatronModule = {
  name: 'attachments',
  staffRoutes: [attachmentRoutes],
  onStart: scheduleAttachmentCleanup,
};
