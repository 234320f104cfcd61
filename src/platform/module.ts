import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Runtime } from './context.js';

/** What a module hands to the app: its staff API routes and anything it sets up at start. */
export interface PatronModule {
  name: string;
  /** Mounted under /api/v1. */
  staffRoutes?: FastifyPluginAsyncZod[];
  /** Mounted at the root, outside the API: pages customers open from a mail (no staff sign-in). */
  publicRoutes?: FastifyPluginAsyncZod[];
  /** Hooks that must see every request (authentication). */
  registerHooks?: (app: FastifyInstance) => void;
  /** Runs once per process after migrations (sync built-in data). */
  onStart?: (runtime: Runtime) => Promise<void>;
}
