import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../http/request-context.js';
import { attachmentIdParams, attachmentSchema, uploadAttachmentQuery } from './attachments.contract.js';
import { getAttachmentDownload, uploadAttachment } from './attachments.service.js';
import { sendAttachmentDownload } from './attachment-response.js';

const tags = ['attachments'];

/** The raw request body, for OpenAPI: any media type, as bytes. */
export const binaryBody = z.any().meta({ type: 'string', format: 'binary', description: 'The file itself, as the raw request body' });

export const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/attachments/:id',
    {
      schema: {
        operationId: 'downloadAttachment',
        tags,
        summary: 'Download an attachment',
        description:
          'The file as a download (Content-Disposition: attachment, X-Content-Type-Options: nosniff). Types a browser could run, such as HTML or SVG, come as application/octet-stream. ' +
          'The ETag is the SHA-256 of the content; If-None-Match answers 304. Allowed to the uploader, and to staff who may read a record that carries the attachment.',
        params: attachmentIdParams,
      },
    },
    async (request, reply) => {
      return sendAttachmentDownload(request, reply, await getAttachmentDownload(serviceContext(request), request.params.id));
    },
  );

  // The upload takes the file as the raw body, so this context reads no body itself: the
  // handler streams it to disk, counting bytes against ATTACHMENT_MAX_BYTES as they arrive.
  await app.register(async (context) => {
    const uploads = context.withTypeProvider<ZodTypeProvider>();
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    uploads.post(
      '/attachments',
      {
        schema: {
          operationId: 'uploadAttachment',
          tags,
          summary: 'Upload a file to attach to a message',
          description:
            'Send the file as the raw request body with its own Content-Type, and its name in `?filename=`. The answer is an attachment id to pass in `attachmentIds` ' +
            'of a message within a day; an upload never attached is deleted after that. Identical content is stored once. Larger than ATTACHMENT_MAX_BYTES: 413.',
          querystring: uploadAttachmentQuery,
          consumes: ['*/*'],
          body: binaryBody,
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) => {
        const length = request.headers['content-length'];
        const attachment = await uploadAttachment(serviceContext(request), {
          filename: request.query.filename,
          contentType: request.headers['content-type'],
          declaredSize: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
          content: request.raw,
        });
        return reply.status(201).header('Location', `/api/v1/attachments/${attachment.id}`).send(attachment);
      },
    );
  });
};
