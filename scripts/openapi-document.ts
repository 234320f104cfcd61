import pino from 'pino';
import { buildApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { systemClock } from '../src/platform/clock.js';
import { openDatabase } from '../src/platform/db/client.js';
import { createMailTransport } from '../src/platform/mail/transport.js';

/**
 * The OpenAPI document of the staff API (or the customer portal's), built from the routes
 * without touching a real database.
 */
export async function openOpenApiDocument(api: 'staff' | 'portal' = 'staff'): Promise<Record<string, unknown>> {
  const config = parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  // A pool that is never connected: building routes and the document runs no query.
  const handle = await openDatabase({ databaseUrl: 'postgres://unused@127.0.0.1:1/unused', poolSize: 1 });
  const app = await buildApp(
    { db: handle.db, driver: handle.driver, clock: systemClock, config, logger: pino({ level: 'silent' }), mail: createMailTransport(undefined) },
    { logRequests: false },
  );
  await app.ready();
  const document = api === 'staff' ? (app.swagger() as unknown as Record<string, unknown>) : ((await app.inject({ method: 'GET', url: '/api/portal/v1/openapi.json' })).json() as Record<string, unknown>);
  await app.close();
  await handle.close();
  return document;
}
