import type { FastifyInstance, FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { AppError } from '../errors.js';
import { sha256 } from '../secrets.js';
import { idempotencyKeys } from './http.tables.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { ownerKey: string; key: string };
  }
}

function ownerKeyOf(request: FastifyRequest): string {
  const actor = request.actor;
  if (actor?.kind === 'user') return `user:${actor.id}`;
  return `ip:${request.ip}`;
}

/**
 * Idempotency-Key on POST: the first response is stored; a repeat with the same body gets it
 * back, a repeat with another body gets 422, and a repeat while the first still runs gets 409.
 */
export function registerIdempotency(app: FastifyInstance, db: () => Database): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const header = request.headers['idempotency-key'];
    if (typeof header !== 'string' || header === '') return;
    if (header.length > 200) throw AppError.invalid('Idempotency-Key', 'must be at most 200 characters');
    const ownerKey = ownerKeyOf(request);
    const requestHash = sha256(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`);
    const inserted = await db()
      .insert(idempotencyKeys)
      .values({ ownerKey, key: header, requestHash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length > 0) {
      request.idempotency = { ownerKey, key: header };
      return;
    }
    const [existing] = await db()
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.ownerKey, ownerKey), eq(idempotencyKeys.key, header)));
    if (!existing) throw new AppError('request_in_progress', 'A request with this Idempotency-Key is still being processed');
    if (existing.state !== 'done') throw new AppError('request_in_progress', 'A request with this Idempotency-Key is still being processed; retry later');
    if (existing.requestHash !== requestHash) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request body', {
        errors: [{ field: 'Idempotency-Key', message: 'was used with a different request' }],
      });
    }
    for (const [name, value] of Object.entries(existing.responseHeaders ?? {})) reply.header(name, value);
    reply.header('Idempotent-Replayed', 'true');
    return reply.status(existing.responseStatus ?? 200).send(existing.responseBody);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const marker = request.idempotency;
    if (!marker) return payload;
    const where = and(eq(idempotencyKeys.ownerKey, marker.ownerKey), eq(idempotencyKeys.key, marker.key));
    if (reply.statusCode >= 500) {
      // A server failure stored nothing; let the client try again with the same key.
      await db().delete(idempotencyKeys).where(where);
      return payload;
    }
    let body: unknown = null;
    if (typeof payload === 'string' && payload !== '') {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    const keep: Record<string, string> = {};
    for (const name of ['content-type', 'etag', 'location']) {
      const value = reply.getHeader(name);
      if (value !== undefined) keep[name] = String(value);
    }
    await db().update(idempotencyKeys).set({ state: 'done', responseStatus: reply.statusCode, responseBody: body, responseHeaders: keep }).where(where);
    return payload;
  });
}
