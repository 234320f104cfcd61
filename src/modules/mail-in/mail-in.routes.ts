import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { getActivityAddress, listTicketInboundMails } from './inbound-mails.service.js';
import { activityAddressSchema, inboundMailSchema, quarantinedMailSchema } from './mail-in.contract.js';
import { listQuarantinedMail, listQuarantinedQuery } from './quarantine.service.js';

const tags = ['email in'];

export const mailInRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/mail-in/quarantine',
    { schema: { operationId: 'listQuarantinedMail', tags, summary: 'Inbound mail that could not be taken, with the reason', querystring: listQuarantinedQuery, response: { 200: pageSchema(quarantinedMailSchema) } } },
    async (request) => listQuarantinedMail(serviceContext(request), request.query),
  );
  app.get(
    '/tickets/:number/inbound-mails',
    {
      schema: {
        operationId: 'listTicketInboundMails',
        tags,
        summary: "The mail behind a ticket's messages: threading signal, sanitised HTML, raw message",
        params: z.strictObject({ number: z.coerce.number().int().positive() }),
        response: { 200: z.object({ items: z.array(inboundMailSchema) }) },
      },
    },
    async (request) => listTicketInboundMails(serviceContext(request), request.params.number),
  );
  app.get(
    '/mail-in/activity-address',
    { schema: { operationId: 'getActivityAddress', tags, summary: "Your email-to-activity address: forward a customer's mail to it to log it on their timeline", response: { 200: activityAddressSchema } } },
    async (request) => getActivityAddress(serviceContext(request)),
  );
};
