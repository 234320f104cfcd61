import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { acceptThroughLink, describeAcceptLink, type AcceptLinkView } from './accept.service.js';
import { acceptPageHtml, acceptPageStatus } from './accept-page.js';

const params = z.object({ token: z.string().max(200) });

function sendPage(reply: FastifyReply, view: AcceptLinkView, action: string) {
  // The token is a credential: keep it out of caches and of Referer headers.
  return reply
    .status(acceptPageStatus(view))
    .header('Cache-Control', 'no-store')
    .header('Referrer-Policy', 'no-referrer')
    .header('X-Robots-Tag', 'noindex')
    .type('text/html; charset=utf-8')
    .send(acceptPageHtml(view, action));
}

/**
 * The customer's side of "resolution needs your acceptance": GET shows what will be accepted and
 * changes nothing (mail scanners open links); only the POST from that page accepts.
 */
export const acceptLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get('/accept/:token', { schema: { hide: true, params } }, async (request, reply) =>
    sendPage(reply, await describeAcceptLink(serviceContext(request), request.params.token), request.url.split('?')[0]!),
  );

  app.post('/accept/:token', { schema: { hide: true, params, body: z.object({ comment: z.string().max(5000).optional() }).optional() } }, async (request, reply) =>
    sendPage(reply, await acceptThroughLink(serviceContext(request), request.params.token, request.body?.comment), request.url.split('?')[0]!),
  );
};
