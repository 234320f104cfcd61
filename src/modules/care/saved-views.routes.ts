import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { createSavedViewBody, createTicketView, deleteTicketView, listTicketViews, savedViewSchema } from './saved-views.service.js';

export const savedViewRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['tickets'];
  app.get('/ticket-views', { schema: { operationId: 'listTicketViews', tags, summary: 'My saved queue views', response: { 200: z.object({ items: z.array(savedViewSchema) }) } } }, async (request) =>
    listTicketViews(serviceContext(request)),
  );
  app.post('/ticket-views', { schema: { operationId: 'createTicketView', tags, body: createSavedViewBody, response: { 201: savedViewSchema } } }, async (request, reply) =>
    reply.status(201).send(await createTicketView(serviceContext(request), request.body)),
  );
  app.delete('/ticket-views/:id', { schema: { operationId: 'deleteTicketView', tags, params: z.strictObject({ id: z.uuid() }) } }, async (request, reply) => {
    await deleteTicketView(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });
};
