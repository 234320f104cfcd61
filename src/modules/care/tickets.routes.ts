import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { eventSchema, getRecordHistory } from '../audit/index.js';
import { acceptTicket, assignTicket, recordTicketAcceptance, transitionTicket } from './ticket-progress.service.js';
import {
  assignTicketBody,
  countTicketsQuery,
  createTicketBody,
  linkTicketsBody,
  listMessagesQuery,
  listTicketsQuery,
  messageInput,
  recordAcceptanceBody,
  statusCountSchema,
  ticketDetailSchema,
  ticketMessageSchema,
  ticketNumberParams,
  ticketSchema,
  transitionTicketBody,
  updateTicketBody,
} from './tickets.contract.js';
import { countTicketsByStatus, findTicketRow, listTicketMessages, listTickets } from './tickets.queries.js';
import { addTicketMessage, createTicket, deleteTicket, getTicket, linkTickets, updateTicket } from './tickets.service.js';
import { assertCanCare } from './care.policy.js';

const tags = ['tickets'];
const params = ticketNumberParams;

export const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/tickets', { schema: { operationId: 'listTickets', tags, summary: 'The ticket queue', querystring: listTicketsQuery, response: { 200: pageSchema(ticketSchema) } } }, async (request) =>
    listTickets(serviceContext(request), request.query),
  );

  app.get(
    '/tickets/counts',
    { schema: { operationId: 'countTicketsByStatus', tags, summary: 'Tickets per status for the queue tabs', querystring: countTicketsQuery, response: { 200: z.object({ items: z.array(statusCountSchema) }) } } },
    async (request) => countTicketsByStatus(serviceContext(request), request.query),
  );

  app.post('/tickets', { schema: { operationId: 'createTicket', tags, body: createTicketBody, response: { 201: ticketDetailSchema } } }, async (request, reply) => {
    const ticket = await createTicket(serviceContext(request), request.body);
    setVersionTag(reply, ticket.version);
    return reply.status(201).header('Location', `/api/v1/tickets/${ticket.number}`).send(ticket);
  });

  app.get('/tickets/:number', { schema: { operationId: 'getTicket', tags, summary: 'A ticket by its number', params, response: { 200: ticketDetailSchema } } }, async (request, reply) => {
    const ticket = await getTicket(serviceContext(request), request.params.number);
    setVersionTag(reply, ticket.version);
    return ticket;
  });

  app.patch('/tickets/:number', { schema: { operationId: 'updateTicket', tags, params, body: updateTicketBody, response: { 200: ticketDetailSchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const ticket = await updateTicket(serviceContext(request), request.params.number, expectedVersion(request, version), changes);
    setVersionTag(reply, ticket.version);
    return ticket;
  });

  app.delete('/tickets/:number', { schema: { operationId: 'deleteTicket', tags, params } }, async (request, reply) => {
    await deleteTicket(serviceContext(request), request.params.number);
    return reply.status(204).send();
  });

  app.post(
    '/tickets/:number/transitions',
    { schema: { operationId: 'transitionTicket', tags, summary: 'Change status (respond, resolve, complete, cancel), optionally with a message', params, body: transitionTicketBody, response: { 200: ticketDetailSchema } } },
    async (request, reply) => {
      const { version, ...input } = request.body;
      const ticket = await transitionTicket(serviceContext(request), request.params.number, expectedVersion(request, version), input);
      setVersionTag(reply, ticket.version);
      return ticket;
    },
  );

  app.post('/tickets/:number/assignment', { schema: { operationId: 'assignTicket', tags, params, body: assignTicketBody, response: { 200: ticketDetailSchema } } }, async (request, reply) => {
    const { version, ...input } = request.body;
    const ticket = await assignTicket(serviceContext(request), request.params.number, expectedVersion(request, version), input);
    setVersionTag(reply, ticket.version);
    return ticket;
  });

  app.post('/tickets/:number/accept', { schema: { operationId: 'acceptTicket', tags, summary: 'Take a department-assigned ticket', params, response: { 200: ticketDetailSchema } } }, async (request) =>
    acceptTicket(serviceContext(request), request.params.number),
  );

  app.post(
    '/tickets/:number/acceptance',
    { schema: { operationId: 'recordTicketAcceptance', tags, summary: "Record the customer's acceptance or rejection of a solution", params, body: recordAcceptanceBody, response: { 200: ticketDetailSchema } } },
    async (request, reply) => {
      const { version, ...input } = request.body;
      const ticket = await recordTicketAcceptance(serviceContext(request), request.params.number, expectedVersion(request, version), input);
      setVersionTag(reply, ticket.version);
      return ticket;
    },
  );

  app.get(
    '/tickets/:number/messages',
    { schema: { operationId: 'listTicketMessages', tags, params, querystring: listMessagesQuery, response: { 200: pageSchema(ticketMessageSchema) } } },
    async (request) => listTicketMessages(serviceContext(request), request.params.number, request.query),
  );

  app.post(
    '/tickets/:number/messages',
    { schema: { operationId: 'addTicketMessage', tags, summary: 'A public message or an internal note', params, body: messageInput, response: { 201: ticketMessageSchema } } },
    async (request, reply) => {
      const message = await addTicketMessage(serviceContext(request), request.params.number, request.body);
      return reply.status(201).send({ ...message, createdAt: message.createdAt.toISOString() });
    },
  );

  app.post('/tickets/:number/links', { schema: { operationId: 'linkTickets', tags, summary: 'Relate two tickets of the same customer', params, body: linkTicketsBody, response: { 200: ticketDetailSchema } } }, async (request) =>
    linkTickets(serviceContext(request), request.params.number, request.body.relatedNumber),
  );

  app.get(
    '/tickets/:number/history',
    { schema: { operationId: 'getTicketHistory', tags, params, querystring: z.strictObject(paginationQuery), response: { 200: pageSchema(eventSchema) } } },
    async (request) => {
      const ctx = serviceContext(request);
      assertCanCare(ctx.actor, 'ticket.read');
      const ticket = await findTicketRow(ctx.db, request.params.number);
      return getRecordHistory(ctx, 'ticket', ticket.id, request.query);
    },
  );
};
