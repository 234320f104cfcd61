import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { createGroupBody, createRightBody, groupSchema, idParams, rightSchema, updateGroupBody } from './access.contract.js';
import { createGroup, deleteGroup, getGroup, listGroups, updateGroup } from './groups.service.js';
import { createRight, deleteRight, listRights } from './rights.service.js';

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

  app.get('/rights', { schema: { operationId: 'listRights', tags: ['groups'], summary: 'Built-in and custom rights', response: { 200: z.object({ items: z.array(rightSchema) }) } } }, async (request) => ({
    items: await listRights(serviceContext(request)),
  }));

  app.post('/rights', { schema: { operationId: 'createRight', tags: ['groups'], summary: 'Create a custom right', body: createRightBody, response: { 201: rightSchema } } }, async (request, reply) => {
    const right = await createRight(serviceContext(request), request.body);
    return reply.status(201).send(right);
  });

  app.delete(
    '/rights/:key',
    { schema: { operationId: 'deleteRight', tags: ['groups'], summary: 'Delete a custom right', params: z.strictObject({ key: z.string().min(1).max(120) }) } },
    async (request, reply) => {
      await deleteRight(serviceContext(request), request.params.key);
      return reply.status(204).send();
    },
  );
};
