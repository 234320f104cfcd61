import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import type { Runtime } from './platform/context.js';
import { migrationsApplied } from './platform/db/client.js';
import { handleError, handleNotFound } from './platform/http/problem.js';
import { registerIdempotency } from './platform/http/idempotency.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import './platform/http/request-context.js';
import { modules } from './modules/registry.js';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');

export interface BuildAppOptions {
  /** Serve the built web bundle from dist/web (off in API tests). */
  serveWeb?: boolean;
  /** Pino logger for requests; tests pass false. */
  logRequests?: boolean;
}

/** Builds the Fastify app from the modules. Starting workers and listening is the caller's job. */
export async function buildApp(runtime: Runtime, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logRequests === false ? undefined : (runtime.logger as FastifyBaseLogger),
    // Per-request lines only at debug: at info they would double the log volume of a busy node.
    logController: new LogController({ disableRequestLogging: runtime.config.LOG_LEVEL !== 'debug' && runtime.config.LOG_LEVEL !== 'trace' }),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    trustProxy: true,
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('runtime', runtime);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    if (options.serveWeb && request.method === 'GET' && !url.startsWith('/api/') && fs.existsSync(path.join(webRoot, 'index.html'))) {
      // Client-side routes: the staff app owns /, the portal owns /portal.
      return reply.type('text/html').sendFile(url.startsWith('/portal') ? 'portal/index.html' : 'index.html', webRoot);
    }
    return handleNotFound(request, reply);
  });

  await app.register(fastifyCookie);
  registerSecurityHeaders(app);
  for (const module of modules) module.registerHooks?.(app);
  registerIdempotency(app, () => runtime.db);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Patron staff API', version: '1', description: 'CRM and customer care. Authenticate with the session cookie (plus X-CSRF-Token on writes) or `Authorization: Bearer <API token>`.' },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token created with createApiToken or `patron token create`' },
          session: { type: 'apiKey', in: 'cookie', name: 'patron_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { url: '/api/v1/openapi.json' } as never });

  await app.register(
    async (api) => {
      for (const module of modules) for (const routes of module.staffRoutes ?? []) await api.register(routes);
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );

  for (const module of modules) for (const routes of module.publicRoutes ?? []) await app.register(routes);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await runtime.db.execute(sql`SELECT 1`);
      if (!(await migrationsApplied(runtime.db))) return reply.status(503).send({ status: 'migrations pending' });
      return { status: 'ready', database: runtime.driver };
    } catch {
      return reply.status(503).send({ status: 'database unreachable' });
    }
  });

  if (options.serveWeb && fs.existsSync(webRoot)) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
  }
  return app as unknown as FastifyInstance;
}
