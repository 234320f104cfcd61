import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { listTicketFeedback } from './ticket-feedback.service.js';
import { feedbackListItemSchema, listTicketFeedbackQuery } from './tickets.contract.js';

export const ticketFeedbackRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/ticket-feedback',
    {
      schema: {
        operationId: 'listTicketFeedback',
        tags: ['tickets'],
        summary: "Customers' ratings of completed tickets, newest first",
        querystring: listTicketFeedbackQuery,
        response: { 200: pageSchema(feedbackListItemSchema) },
      },
    },
    async (request) => listTicketFeedback(serviceContext(request), request.query),
  );
};
