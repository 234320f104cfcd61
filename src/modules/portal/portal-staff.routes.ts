import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { invitationSchema, invitePortalContactParams } from './portal.contract.js';
import { invitePortalContact } from './portal-accounts.service.js';

/** Staff side of the portal (under /api/v1). */
export const portalStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/contacts/:contactId/portal-invitation',
    { schema: { operationId: 'invitePortalContact', tags: ['contacts'], summary: 'Invite a contact to My Account (mails a set-password link)', params: invitePortalContactParams, response: { 201: invitationSchema } } },
    async (request, reply) => reply.status(201).send(await invitePortalContact(serviceContext(request), request.params.contactId)),
  );
};
