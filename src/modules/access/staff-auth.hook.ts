import '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { anonymousActor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { assertCsrf, clearSessionCookie as clearCookie, setSessionCookie as setCookie } from '../../platform/http/session-cookie.js';
import { actorFromApiToken, actorFromSession } from './actors.service.js';

export const sessionCookieName = 'patron_session';
export { csrfHeaderName } from '../../platform/http/session-cookie.js';

// These act on credentials in the body, not with the session's authority, so a stale cookie must not block them.
const credentialRoutes = new Set(['/api/v1/auth/login', '/api/v1/auth/password-reset', '/api/v1/auth/password-reset/confirm']);

/**
 * Works out who is calling /api/v1: a bearer API token, or the session cookie. Cookie-borne
 * writes must also carry the session's CSRF token in a header, which another site cannot read.
 */
export function registerStaffAuthentication(app: FastifyInstance): void {
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (request) => {
    request.actor = anonymousActor;
    if (!request.url.startsWith('/api/v1/')) return;
    const now = app.runtime.clock.now();
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await actorFromApiToken(app.runtime.db, match[1]!, now) : undefined;
      if (!actor) throw new AppError('unauthenticated', 'The API token is unknown, revoked or expired');
      request.actor = actor;
      return;
    }
    const secret = request.cookies?.[sessionCookieName];
    if (!secret) return;
    const actor = await actorFromSession(app.runtime.db, secret, now);
    if (!actor) return;
    request.actor = actor;
    assertCsrf(request, actor.csrfToken, credentialRoutes);
  });
}

export function setSessionCookie(reply: FastifyReply, secret: string, expiresAt: Date, secure: boolean): void {
  setCookie(reply, sessionCookieName, secret, expiresAt, secure);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  clearCookie(reply, sessionCookieName, secure);
}
