import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { constantTimeEqual } from '../secrets.js';

/** Staff and portal sessions carry their CSRF token in this header on every cookie-borne write. */
export const csrfHeaderName = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function setSessionCookie(reply: FastifyReply, name: string, secret: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(name, secret, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, name: string, secure: boolean): void {
  reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/**
 * A cookie-authenticated write must echo the session's CSRF token in a header, which another
 * site cannot read. Routes that act on credentials in the body are exempt (a stale cookie must
 * not block signing in).
 */
export function assertCsrf(request: FastifyRequest, expectedToken: string | undefined, exemptPaths: ReadonlySet<string>): void {
  if (safeMethods.has(request.method) || exemptPaths.has(request.url.split('?')[0]!)) return;
  const sent = request.headers[csrfHeaderName];
  if (typeof sent !== 'string' || !expectedToken || !constantTimeEqual(sent, expectedToken)) {
    throw new AppError('csrf_failed', `Missing or wrong ${csrfHeaderName} header for a cookie-authenticated request`);
  }
}
