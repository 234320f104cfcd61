import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { jobIdParams, jobSchema, listJobsQuery, outboxMailSchema, outboxMailSummarySchema } from './system.contract.js';
import { getOutboxMail, listJobs, listOutboxMails, retryJob } from './system.service.js';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/outbox',
    { schema: { operationId: 'listOutbox', tags: ['system'], summary: 'Outgoing mail, newest first', querystring: z.strictObject(paginationQuery), response: { 200: pageSchema(outboxMailSummarySchema) } } },
    async (request) => listOutboxMails(serviceContext(request), request.query),
  );

  app.get(
    '/outbox/:id',
    { schema: { operationId: 'getOutboxMail', tags: ['system'], params: z.strictObject({ id: z.uuid() }), response: { 200: outboxMailSchema } } },
    async (request) => getOutboxMail(serviceContext(request), request.params.id),
  );

  app.get(
    '/jobs',
    { schema: { operationId: 'listJobs', tags: ['system'], summary: 'Background jobs; status=dead is the dead letter', querystring: listJobsQuery, response: { 200: pageSchema(jobSchema) } } },
    async (request) => listJobs(serviceContext(request), request.query),
  );

  app.post('/jobs/:id/retry', { schema: { operationId: 'retryJob', tags: ['system'], params: jobIdParams } }, async (request, reply) => {
    await retryJob(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });
};
