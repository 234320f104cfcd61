import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../http/request-context.js';
import { searchEverything } from './global-search.js';
import { searchQuery, searchResultSchema } from './search.contract.js';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    {
      schema: {
        operationId: 'search',
        tags: ['search'],
        summary: 'Global search across customers, tickets and every other kind a module registers, grouped by kind, each result saying why it matched',
        querystring: searchQuery,
        response: { 200: searchResultSchema },
      },
    },
    async (request) => searchEverything(serviceContext(request), request.query),
  );
};
