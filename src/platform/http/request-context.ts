import type { FastifyRequest } from 'fastify';
import type { Actor } from '../actor.js';
import { contextFor, type Runtime, type ServiceContext } from '../context.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyInstance {
    runtime: Runtime;
  }
}

/** The service context for this request: who is asking, with the app's database, clock and config. */
export function serviceContext(request: FastifyRequest): ServiceContext {
  return contextFor(request.server.runtime, request.actor, String(request.id));
}
