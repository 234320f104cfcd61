import type { FastifyInstance } from 'fastify';

const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' about:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** A CSP and the usual hardening headers on every response; the API docs bring their own CSP. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    if (!request.url.startsWith('/api/docs')) {
      // A route may set a stricter policy of its own (file downloads are sandboxed).
      const own = reply.getHeader('Content-Security-Policy');
      if (!own) reply.header('Content-Security-Policy', contentSecurityPolicy);
      // A page meant to be embedded (a public web form) names who may frame it in its own policy.
      if (!(typeof own === 'string' && /frame-ancestors (?!'none')/.test(own))) reply.header('X-Frame-Options', 'DENY');
    }
    reply.header('X-Request-Id', String(request.id));
    return payload;
  });
}
