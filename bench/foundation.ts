// The foundation benchmark: a raw 5-statement write transaction (BEGIN; INSERT unit; INSERT event;
// INSERT job; COMMIT) against the same write made through an authenticated HTTP POST (token auth,
// validation, insert + event + job), on one database, in one run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { startModules } from '../src/platform/bootstrap.js';
import { systemActor } from '../src/platform/actor.js';
import { contextFor } from '../src/platform/context.js';
import { openDatabase, queryRows, redactUrl, runMigrations, type DatabaseHandle } from '../src/platform/db/client.js';
import { subscribeToEvents } from '../src/platform/events/subscriptions.js';
import { registerJobHandler } from '../src/platform/jobs/handlers.js';
import { createRuntime } from '../src/platform/runtime.js';
import { createApiTokenForUser, createUser } from '../src/modules/access/index.js';
import { peakRss, round, runLoop } from './measure.js';

export interface DriverTarget {
  driver: 'pglite' | 'postgres';
  /** Where the data lives, for the report. */
  location: string;
  open(): Promise<DatabaseHandle>;
  cleanup(): Promise<void>;
}

export interface FoundationRow {
  driver: 'pglite' | 'postgres';
  concurrency: number;
  raw: { opsPerSecond: number; p50Ms: number; p99Ms: number; operations: number };
  http: { opsPerSecond: number; p50Ms: number; p99Ms: number; requests: number };
  /** HTTP ops/s divided by raw ops/s at the same concurrency; the target is >= 0.5. */
  ratio: number;
  /** Peak RSS of the benchmark process (server, database driver and raw client) during the HTTP run. */
  serverPeakRssMb: number;
}

const loadScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load.mjs');
const runId = randomBytes(3).toString('hex');
let counter = 0;

/** BEGIN; INSERT unit; INSERT event; INSERT job; COMMIT: the shape every command has. */
async function rawWrite(handle: DatabaseHandle): Promise<void> {
  await handle.db.transaction(async (tx) => {
    const name = `raw-${runId}-${++counter}`;
    const [unit] = await queryRows<{ id: string }>(tx, sql`INSERT INTO business_units (name) VALUES (${name}) RETURNING id`);
    await tx.execute(
      sql`INSERT INTO events (actor_type, actor_label, record_type, record_id, action, changes)
          VALUES ('system', 'bench', 'business_unit', ${unit!.id}, 'business_unit.created', ${JSON.stringify({ name })}::jsonb)`,
    );
    await tx.execute(sql`INSERT INTO jobs (name, payload) VALUES ('bench.noop', '{}'::jsonb)`);
  });
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  /** How long the load ran, as autocannon measured it. */
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, { count: number }>;
}

/** Runs autocannon in a child process (see load.mjs). */
export function httpLoad(options: { url: string; path: string; token: string; connections: number; seconds: number; bodies?: string[] }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [loadScript, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(output.trim().split('\n').pop()!) as LoadResult);
    });
  });
}

export async function benchFoundation(target: DriverTarget, seconds: number, log: (line: string) => void): Promise<FoundationRow[]> {
  const handle = await target.open();
  const config = parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false' });
  const runtime = createRuntime(config, handle, { logger: pino({ level: 'silent' }) });
  const app = await buildApp(runtime, { logRequests: false });
  try {
    await runMigrations(handle);
    await startModules(runtime);
    // Events enqueue jobs only for subscribers: subscribe a no-op so each POST writes a job too,
    // like the raw transaction. No worker runs: both sides only write.
    subscribeToEvents('business_unit.created', 'bench.noop');
    registerJobHandler('bench.noop', async () => undefined);
    const ctx = contextFor(runtime, systemActor('bench'));
    await createUser(ctx, { email: 'bench@example.com', name: 'Bench', password: 'bench password 1', isAdmin: true, groupIds: [], unitIds: [], rightKeys: [] });
    const { token } = await createApiTokenForUser(ctx, { email: 'bench@example.com', name: 'bench' });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const load = (connections: number, duration: number) => httpLoad({ url, path: '/api/v1/business-units', token, connections, seconds: duration });

    const rows: FoundationRow[] = [];
    for (const concurrency of [1, 8]) {
      log(`${target.driver}: raw transaction, ${concurrency} client(s), ${seconds}s`);
      await runLoop(concurrency, 1, () => rawWrite(handle));
      const raw = await runLoop(concurrency, seconds, () => rawWrite(handle));
      log(`${target.driver}: HTTP POST /api/v1/business-units, ${concurrency} connection(s), ${seconds}s`);
      await load(concurrency, 2);
      const { result: http, peakRssMb } = await peakRss(() => load(concurrency, seconds));
      const failures = http.non2xx + http.errors + http.timeouts;
      if (failures > 0) throw new Error(`HTTP run had ${failures} failed requests: ${JSON.stringify(http.statusCodes)}, errors ${http.errors}, timeouts ${http.timeouts}`);
      rows.push({
        driver: target.driver,
        concurrency,
        raw: { opsPerSecond: round(raw.opsPerSecond, 1), p50Ms: round(raw.p50Ms), p99Ms: round(raw.p99Ms), operations: raw.operations },
        http: { opsPerSecond: round(http.requestsPerSecond, 1), p50Ms: http.p50Ms, p99Ms: http.p99Ms, requests: http.requests },
        ratio: round(http.requestsPerSecond / raw.opsPerSecond, 3),
        serverPeakRssMb: peakRssMb,
      });
    }
    const [written] = await queryRows<{ units: number; events: number; jobs: number }>(
      handle.db,
      sql`SELECT (SELECT count(*) FROM business_units)::int AS units, (SELECT count(*) FROM events WHERE action = 'business_unit.created')::int AS events, (SELECT count(*) FROM jobs WHERE name = 'bench.noop')::int AS jobs`,
    );
    log(`${target.driver}: wrote ${written!.units} units, ${written!.events} events, ${written!.jobs} jobs`);
    return rows;
  } finally {
    await app.close();
    await handle.close();
    await target.cleanup();
  }
}

/** PGlite on disk in a temporary DATA_DIR, as `npm start` runs it. */
export function pgliteTarget(): DriverTarget {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-bench-'));
  return {
    driver: 'pglite',
    location: 'temporary DATA_DIR',
    open: () => openDatabase({ dataDir: dir }),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A fresh database `name` on the server at `serverUrl`, dropped afterwards. Each benchmark needs
 * its own name: opening drops any database of that name, with whoever is connected to it.
 */
export function postgresTarget(serverUrl: string, name = 'patron_bench'): DriverTarget {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad benchmark database name: ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    driver: 'postgres',
    location: redactUrl(url.toString()),
    open: async () => {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${name}`);
      return openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
    },
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** True when a PostgreSQL server answers at `url` within a few seconds. */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
