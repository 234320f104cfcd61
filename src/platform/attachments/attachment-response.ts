import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AttachmentDownload } from './attachments.service.js';
import { contentDisposition, contentETag, matchesETag, servedContentType } from './file-names.js';

/**
 * Answers with an attachment as a download (staff API and portal alike): the ETag is the
 * content's hash, and nothing in it can run in the browser.
 */
export async function sendAttachmentDownload(request: FastifyRequest, reply: FastifyReply, download: AttachmentDownload) {
  const { attachment } = download;
  const etag = contentETag(attachment.sha256);
  reply.header('ETag', etag).header('Cache-Control', 'private, no-cache');
  if (matchesETag(request.headers['if-none-match'], etag)) return reply.status(304).send();
  const content = await download.open();
  return reply
    .header('Content-Type', servedContentType(attachment.contentType))
    .header('Content-Disposition', contentDisposition(attachment.filename))
    .header('Content-Length', String(attachment.size))
    .header('X-Content-Type-Options', 'nosniff')
    // Should a browser render it anyway, the content gets no script, no styles from us, no origin.
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .send(content);
}
