import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { createGroupBody, groupSchema, idParams, updateGroupBody } from './access.contract.js';
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup } from './groups.service.js';

export const groupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/groups',
    { schema: { operationId: 'listGroups', tags: ['groups'], querystring: z.strictObject({ q: z.string().max(200).optional(), ...paginationQuery }), response: { 200: pageSchema(groupSchema) } } },
    async (request) => listGroups(serviceContext(request), request.query),
  );

  app.post('/groups', { schema: { operationId: 'createGroup', tags: ['groups'], body: createGroupBody, response: { 201: groupSchema } } }, async (request, reply) => {
    const group = await createGroup(serviceContext(request), request.body);
    setVersionTag(reply, group.version);
    return reply.status(201).header('Location', `/api/v1/groups/${group.id}`).send(group);
  });

  app.get('/groups/:id', { schema: { operationId: 'getGroup', tags: ['groups'], params: idParams, response: { 200: groupSchema } } }, async (request, reply) => {
    const group = await getGroup(serviceContext(request), request.params.id);
    setVersionTag(reply, group.version);
    return group;
  });

  app.patch(
    '/groups/:id',
    { schema: { operationId: 'updateGroup', tags: ['groups'], params: idParams, body: updateGroupBody, response: { 200: groupSchema } } },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const group = await updateGroup(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
      setVersionTag(reply, group.version);
      return group;
    },
  );

  app.delete('/groups/:id', { schema: { operationId: 'deleteGroup', tags: ['groups'], params: idParams } }, async (request, reply) => {
    await deleteGroup(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });
};
