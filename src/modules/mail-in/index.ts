import { registerAttachmentReader } from '../../platform/attachments/index.js';
import type { PatronModule } from '../../platform/module.js';
import { inboundRawReaderMayRead } from './inbound-mails.service.js';
import { mailInRoutes } from './mail-in.routes.js';
import './contact-merge.js';

registerAttachmentReader(inboundRawReaderMayRead);

export { mailInRights } from './mail-in.policy.js';
export { ingestMail, type InboundDelivery, type IngestOutcome } from './ingest.service.js';
export { MailStoreUnavailableError } from './mail-store-errors.js';
export { startInboundSmtp, type InboundSmtpListener } from './smtp-listener.js';

/** Email in: the SMTP listener and `mail ingest` turn customers' mail into tickets and replies. */
export const mailInModule: PatronModule = {
  name: 'mail-in',
  staffRoutes: [mailInRoutes],
};
