import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { apiTokenSchema, createApiTokenBody, createdApiTokenResponse, idParams } from './access.contract.js';
import { createApiToken, listApiTokens, revokeApiToken } from './tokens.service.js';

export const apiTokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api-tokens',
    {
      schema: {
        operationId: 'listApiTokens',
        tags: ['API tokens'],
        querystring: z.strictObject({ userId: z.uuid().optional(), ...paginationQuery }),
        response: { 200: pageSchema(apiTokenSchema) },
      },
    },
    async (request) => listApiTokens(serviceContext(request), request.query),
  );

  app.post(
    '/api-tokens',
    {
      schema: {
        operationId: 'createApiToken',
        tags: ['API tokens'],
        summary: 'Create an API token for yourself; the secret is in this response only',
        body: createApiTokenBody,
        response: { 201: createdApiTokenResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiToken(serviceContext(request), request.body)),
  );

  app.delete('/api-tokens/:id', { schema: { operationId: 'revokeApiToken', tags: ['API tokens'], params: idParams } }, async (request, reply) => {
    await revokeApiToken(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });
};
