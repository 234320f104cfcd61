import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { createRightBody, rightSchema } from './access.contract.js';
import { createRight, deleteRight, listRights } from './rights.service.js';

export const rightRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/rights', { schema: { operationId: 'listRights', tags: ['rights'], summary: 'Built-in and custom rights', response: { 200: z.object({ items: z.array(rightSchema) }) } } }, async (request) => ({
    items: await listRights(serviceContext(request)),
  }));

  app.post('/rights', { schema: { operationId: 'createRight', tags: ['rights'], summary: 'Create a custom right', body: createRightBody, response: { 201: rightSchema } } }, async (request, reply) => {
    const right = await createRight(serviceContext(request), request.body);
    return reply.status(201).send(right);
  });

  app.delete(
    '/rights/:key',
    { schema: { operationId: 'deleteRight', tags: ['rights'], summary: 'Delete a custom right', params: z.strictObject({ key: z.string().min(1).max(120) }) } },
    async (request, reply) => {
      await deleteRight(serviceContext(request), request.params.key);
      return reply.status(204).send();
    },
  );
};
