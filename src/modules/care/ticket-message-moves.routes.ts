import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { setVersionTag } from '../../platform/http/versioning.js';
import { ticketDetailSchema } from './tickets.contract.js';
import { moveTicketMessage, splitTicketMessage } from './ticket-message-moves.service.js';

const tags = ['tickets'];
const params = z.strictObject({ number: z.coerce.number().int().positive(), messageId: z.uuid() });

/** Staff fix threading: split a message into a new ticket, or move it to another ticket. */
export const ticketMessageMoveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/tickets/:number/messages/:messageId/split',
    {
      schema: {
        operationId: 'splitTicketMessage',
        tags,
        summary: 'Split a message into a new ticket of the same customer',
        params,
        body: z.strictObject({ subject: z.string().trim().min(1).max(300).optional() }),
        response: { 201: ticketDetailSchema },
      },
    },
    async (request, reply) => {
      const ticket = await splitTicketMessage(serviceContext(request), request.params.number, request.params.messageId, request.body);
      setVersionTag(reply, ticket.version);
      return reply.status(201).send(ticket);
    },
  );
  app.post(
    '/tickets/:number/messages/:messageId/move',
    {
      schema: {
        operationId: 'moveTicketMessage',
        tags,
        summary: 'Move a message to another open ticket',
        params,
        body: z.strictObject({ targetNumber: z.number().int().positive() }),
        response: { 200: ticketDetailSchema },
      },
    },
    async (request, reply) => {
      const ticket = await moveTicketMessage(serviceContext(request), request.params.number, request.params.messageId, request.body);
      setVersionTag(reply, ticket.version);
      return ticket;
    },
  );
};
