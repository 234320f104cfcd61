import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { eventSchema, historyParams, historyQuery, listEventsQuery } from './audit.contract.js';
import { getRecordHistory, listEvents } from './events.service.js';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/events',
    { schema: { operationId: 'listEvents', tags: ['audit'], summary: 'The audit log: every change, newest first', querystring: listEventsQuery, response: { 200: pageSchema(eventSchema) } } },
    async (request) => listEvents(serviceContext(request), request.query),
  );

  app.get(
    '/history/:recordType/:recordId',
    { schema: { operationId: 'getRecordHistory', tags: ['audit'], summary: "One record's history", params: historyParams, querystring: historyQuery, response: { 200: pageSchema(eventSchema) } } },
    async (request) => getRecordHistory(serviceContext(request), request.params.recordType, request.params.recordId, request.query),
  );
};
