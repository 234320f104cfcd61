import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { createUserBody, idParams, listUsersQuery, resetUserPasswordBody, updateUserBody, userSchema } from './access.contract.js';
import { createUser, getUser, listUsers, resetUserPassword, updateUser } from './users.service.js';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/users',
    { schema: { operationId: 'listUsers', tags: ['users'], querystring: listUsersQuery.extend(paginationQuery), response: { 200: pageSchema(userSchema) } } },
    async (request) => listUsers(serviceContext(request), request.query),
  );

  app.post(
    '/users',
    { schema: { operationId: 'createUser', tags: ['users'], body: createUserBody, response: { 201: userSchema } } },
    async (request, reply) => {
      const user = await createUser(serviceContext(request), request.body);
      setVersionTag(reply, user.version);
      return reply.status(201).header('Location', `/api/v1/users/${user.id}`).send(user);
    },
  );

  app.get(
    '/users/:id',
    { schema: { operationId: 'getUser', tags: ['users'], params: idParams, response: { 200: userSchema } } },
    async (request, reply) => {
      const user = await getUser(serviceContext(request), request.params.id);
      setVersionTag(reply, user.version);
      return user;
    },
  );

  app.patch(
    '/users/:id',
    { schema: { operationId: 'updateUser', tags: ['users'], params: idParams, body: updateUserBody, response: { 200: userSchema } } },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const user = await updateUser(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
      setVersionTag(reply, user.version);
      return user;
    },
  );

  app.post(
    '/users/:id/password-reset',
    {
      schema: {
        operationId: 'resetUserPassword',
        tags: ['users'],
        summary: 'Set a new password, or email a reset link when no password is given',
        params: idParams,
        body: resetUserPasswordBody,
        response: { 200: z.object({ emailed: z.boolean() }) },
      },
    },
    async (request) => resetUserPassword(serviceContext(request), request.params.id, request.body),
  );
};
