import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { parseConfig, type Config } from '../src/config.js';
import { ManualClock } from '../src/platform/clock.js';
import { contextFor, type Runtime, type ServiceContext } from '../src/platform/context.js';
import { systemActor, type Actor } from '../src/platform/actor.js';
import { openDatabase, pgliteExtensions, type DatabaseHandle } from '../src/platform/db/client.js';
import { createMailTransport } from '../src/platform/mail/transport.js';
import { startModules } from '../src/platform/bootstrap.js';
import { createUser } from '../src/modules/access/index.js';

/** A fresh database for one test file: a copy of the migrated template. Close it in afterAll. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const postgresTemplate = inject('postgresTemplate');
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (postgresTemplate && serverUrl) {
    const name = `patron_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${postgresTemplate}`);
    } finally {
      await admin.end();
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
    const close = handle.close;
    return {
      ...handle,
      close: async () => {
        await close();
        const dropper = new pg.Client({ connectionString: serverUrl });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
        await dropper.end();
      },
    };
  }
  const dump = fs.readFileSync(inject('pgliteTemplate'));
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]), extensions: pgliteExtensions });
  return openDatabase({ pglite });
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', PUBLIC_URL: 'http://patron.test', ...overrides });
}

export interface TestApp {
  app: FastifyInstance;
  runtime: Runtime;
  handle: DatabaseHandle;
  clock: ManualClock;
  /** A service context acting as the system, or as the given actor. */
  ctx(actor?: Actor): ServiceContext;
  close(): Promise<void>;
}

export async function createTestApp(options: { config?: Record<string, string>; handle?: DatabaseHandle } = {}): Promise<TestApp> {
  const handle = options.handle ?? (await openTestDatabase());
  const config = testConfig(options.config);
  const clock = new ManualClock(new Date());
  const runtime: Runtime = { db: handle.db, driver: handle.driver, clock, config, logger: pino({ level: 'silent' }), mail: createMailTransport(config.SMTP_URL) };
  await startModules(runtime);
  const app = await buildApp(runtime, { logRequests: false });
  await app.ready();
  return {
    app,
    runtime,
    handle,
    clock,
    ctx: (actor = systemActor('test')) => contextFor(runtime, actor),
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  userId: string;
  /** Headers for a cookie-authenticated write. */
  headers: Record<string, string>;
}

let userCounter = 0;

/** Creates a staff user (admin unless rights are given) and signs them in. */
export async function signIn(
  test: TestApp,
  options: { isAdmin?: boolean; rightKeys?: string[]; email?: string; password?: string } = {},
): Promise<SignedIn> {
  userCounter += 1;
  const email = options.email ?? `staff${userCounter}-${randomUUID().slice(0, 6)}@example.com`;
  const password = options.password ?? 'correct horse battery';
  await createUser(test.ctx(), {
    email,
    name: `Staff ${userCounter}`,
    password,
    isAdmin: options.isAdmin ?? !options.rightKeys,
    groupIds: [],
    unitIds: [],
    rightKeys: options.rightKeys ?? [],
  });
  const response = await test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
  return fromLogin(response);
}

export function fromLogin(response: LightMyRequestResponse): SignedIn {
  const setCookie = response.cookies.find((c) => c.name === 'patron_session');
  if (!setCookie) throw new Error('no session cookie');
  const body = response.json() as { csrfToken: string; user: { id: string } };
  const cookie = `patron_session=${setCookie.value}`;
  return { cookie, csrfToken: body.csrfToken, userId: body.user.id, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}
