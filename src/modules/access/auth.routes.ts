import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { changePasswordBody, confirmPasswordResetBody, currentUserResponse, loginBody, requestPasswordResetBody } from './access.contract.js';
import { changePassword, confirmPasswordReset, getCurrentUser, login, logout, requestPasswordReset } from './sessions.service.js';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from './staff-auth.hook.js';

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const secure = app.runtime.config.secureCookies;

  app.post(
    '/auth/login',
    { schema: { operationId: 'login', tags: ['auth'], summary: 'Sign in with email and password', body: loginBody, response: { 200: currentUserResponse } } },
    async (request, reply) => {
      const result = await login(serviceContext(request), {
        ...request.body,
        ipAddress: request.ip,
        userAgent: request.headers['user-agent'],
        previousSessionSecret: request.cookies[sessionCookieName],
      });
      const { sessionSecret, expiresAt, ...current } = result;
      setSessionCookie(reply, sessionSecret, expiresAt, secure);
      return current;
    },
  );

  app.post('/auth/logout', { schema: { operationId: 'logout', tags: ['auth'], summary: 'End the current session' } }, async (request, reply) => {
    await logout(serviceContext(request));
    clearSessionCookie(reply, secure);
    return reply.status(204).send();
  });

  app.get(
    '/me',
    { schema: { operationId: 'getCurrentUser', tags: ['auth'], summary: 'The signed-in user, their rights and CSRF token', response: { 200: currentUserResponse } } },
    async (request) => getCurrentUser(serviceContext(request)),
  );

  app.post(
    '/me/password',
    { schema: { operationId: 'changePassword', tags: ['auth'], body: changePasswordBody } },
    async (request, reply) => {
      await changePassword(serviceContext(request), request.body);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/password-reset',
    { schema: { operationId: 'requestPasswordReset', tags: ['auth'], summary: 'Email a one-time reset link', body: requestPasswordResetBody, response: { 202: z.object({ accepted: z.boolean() }) } } },
    async (request, reply) => {
      await requestPasswordReset(serviceContext(request), { email: request.body.email, ipAddress: request.ip });
      return reply.status(202).send({ accepted: true });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    { schema: { operationId: 'confirmPasswordReset', tags: ['auth'], body: confirmPasswordResetBody } },
    async (request, reply) => {
      await confirmPasswordReset(serviceContext(request), request.body);
      return reply.status(204).send();
    },
  );
};
