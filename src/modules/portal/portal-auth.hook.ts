import '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { assertCsrf, clearSessionCookie, setSessionCookie } from '../../platform/http/session-cookie.js';
import { actorFromPortalSession } from './portal-accounts.service.js';

/** Its own cookie: a staff session never signs anyone in to the portal, nor the other way round. */
export const portalSessionCookieName = 'patron_portal_session';
export const portalApiPrefix = '/api/portal/v1';

// These act on credentials or one-time tokens in the body, so a stale cookie must not block them.
const credentialRoutes = new Set(['login', 'signup', 'verify-email', 'password-reset', 'password-reset/confirm'].map((path) => `${portalApiPrefix}/auth/${path}`));

/** Works out which customer calls /api/portal/v1 from the portal session cookie; writes need its CSRF token. */
export function registerPortalAuthentication(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith(`${portalApiPrefix}/`)) return;
    const secret = request.cookies?.[portalSessionCookieName];
    if (!secret) return;
    const actor = await actorFromPortalSession(app.runtime.db, secret, app.runtime.clock.now());
    if (!actor) return;
    request.actor = actor;
    assertCsrf(request, actor.csrfToken, credentialRoutes);
  });
}

export function setPortalSessionCookie(reply: FastifyReply, secret: string, expiresAt: Date, secure: boolean): void {
  setSessionCookie(reply, portalSessionCookieName, secret, expiresAt, secure);
}

export function clearPortalSessionCookie(reply: FastifyReply, secure: boolean): void {
  clearSessionCookie(reply, portalSessionCookieName, secure);
}
