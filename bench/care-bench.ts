// The customer-care benchmark (PostgreSQL): seeds N tickets and 5N messages, then measures the
// queue, the ticket page and search at a fixed arrival rate, and createTicket over HTTP against a
// raw 5-statement transaction. Run by bench/care.ts (`npm run bench:care`) and bench/run.ts.
import os from 'node:os';
import path from 'node:path';
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
import { openDatabase, queryRows, runMigrations, type DatabaseHandle } from '../src/platform/db/client.js';
import { subscribeToEvents } from '../src/platform/events/subscriptions.js';
import { registerJobHandler } from '../src/platform/jobs/handlers.js';
import { createRuntime } from '../src/platform/runtime.js';
import { createApiTokenForUser, createUser } from '../src/modules/access/index.js';
import { seedScale } from '../src/modules/care/index.js';
import { httpLoad, type LoadResult } from './foundation.js';
import { round, runLoop, type LoopResult } from './measure.js';

export interface CareBenchOptions {
  /** A PostgreSQL server URL; the benchmark database is created beside the one it names. */
  server: string;
  tickets: number;
  seconds: number;
  /** Arrival rate of the read measurements, requests per second. */
  rate: number;
  /** Use the database a previous run kept, when it was seeded with the same number of tickets. */
  reuse: boolean;
  /** Keep the seeded database after the run (for --reuse), instead of dropping it. */
  keep: boolean;
  /**
   * Each read is measured this many times and the run with the median p95 is reported (all p95s
   * are kept); createTicket alternates raw and HTTP in this many rounds. Other work on a shared
   * machine comes and goes, and this keeps one burst from deciding a figure.
   */
  repeat: number;
  /** Which halves to measure: the reads, createTicket, or both. */
  parts: { reads: boolean; create: boolean };
  log: (line: string) => void;
}

interface FixedRateResult {
  requests: number;
  failures: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanBytes: number;
  /** With repeats: every run's p95, in the order they ran. */
  p95sMs?: number[];
}

export const careTargets = { queuePageP95Ms: 30, ticketPageP95Ms: 20, searchRareP95Ms: 100, searchCommonP95Ms: 300, createTicketRatio: 0.5 };

const here = path.dirname(fileURLToPath(import.meta.url));

function fixedRate(options: { baseUrl: string; paths: (string | string[])[]; headers: Record<string, string>; rate: number; seconds: number }): Promise<FixedRateResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, 'fixed-rate.mjs'), JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as FixedRateResult) : reject(new Error(`fixed-rate.mjs exited with ${code}`))));
  });
}

async function adminQuery<Row>(server: string, statement: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return (await client.query(statement, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

/**
 * The benchmark database, one per size. A seeded database is marked with a comment naming its
 * size, so --reuse can tell a finished seed from an interrupted one.
 */
async function openBenchDatabase(options: CareBenchOptions): Promise<{ handle: DatabaseHandle; name: string; reused: boolean; seedSeconds: number | null }> {
  const name = `patron_bench_care_${options.tickets}`;
  const marker = `patron care bench: ${options.tickets} tickets, ${options.tickets * 5} messages`;
  const url = new URL(options.server);
  url.pathname = `/${name}`;
  if (options.reuse) {
    const [found] = await adminQuery<{ comment: string | null }>(options.server, `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`, [name]);
    if (found?.comment?.startsWith(marker)) {
      options.log(`reusing ${name} (${found.comment})`);
      const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
      await runMigrations(handle);
      return { handle, name, reused: true, seedSeconds: Number(/seeded in ([\d.]+) s/.exec(found.comment)?.[1]) || null };
    }
    options.log(`no finished ${name} to reuse; seeding it`);
  }
  await adminQuery(options.server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(options.server, `CREATE DATABASE ${name}`);
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  await runMigrations(handle);
  const started = Date.now();
  await seedScale(handle, { tickets: options.tickets, messages: options.tickets * 5, progress: (line) => options.log(line) });
  const seedSeconds = round((Date.now() - started) / 1000, 1);
  await adminQuery(options.server, `COMMENT ON DATABASE ${name} IS '${marker}, seeded in ${seedSeconds} s'`);
  return { handle, name, reused: false, seedSeconds };
}

export async function benchCare(options: CareBenchOptions) {
  const loadAverageAtStart = os.loadavg().map((value) => round(value));
  const { handle, name, reused, seedSeconds } = await openBenchDatabase(options);
  const runtime = createRuntime(parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false' }), handle, { logger: pino({ level: 'silent' }) });
  await startModules(runtime);
  // Events enqueue jobs only for subscribers: subscribe a no-op so each created ticket writes a
  // job too, like the raw transaction. No worker runs: both sides only write.
  subscribeToEvents('ticket.created', 'bench.noop');
  registerJobHandler('bench.noop', async () => undefined);
  const ctx = contextFor(runtime, systemActor('bench'));
  const benchEmail = 'bench@example.com';
  const [existing] = await queryRows(handle.db, sql`SELECT 1 FROM users WHERE email = ${benchEmail}`);
  if (!existing) await createUser(ctx, { email: benchEmail, name: 'Bench', password: 'bench password 1', isAdmin: true, groupIds: [], unitIds: [], rightKeys: [] });
  const { token } = await createApiTokenForUser(ctx, { email: benchEmail, name: 'bench' });
  const app = await buildApp(runtime, { logRequests: false });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = { authorization: `Bearer ${token}` };
  const fixed = async (paths: (string | string[])[]) => {
    const runs: FixedRateResult[] = [];
    for (let run = 0; run < options.repeat; run += 1) runs.push(await fixedRate({ baseUrl, paths, headers, rate: options.rate, seconds: options.seconds }));
    const median = [...runs].sort((a, b) => a.p95Ms - b.p95Ms)[Math.floor((runs.length - 1) / 2)]!;
    return { ...median, failures: runs.reduce((sum, run) => sum + run.failures, 0), p95sMs: runs.map((run) => run.p95Ms) };
  };

  try {
    const combos = await queryRows<{ department_id: string; status_id: string }>(
      handle.db,
      sql`SELECT c.department_key AS department_id, c.status_id FROM ticket_counters c JOIN business_units b ON b.id = c.department_key ORDER BY c.count DESC LIMIT 12`,
    );
    const numbers = (await queryRows<{ number: number }>(handle.db, sql`SELECT number FROM tickets ORDER BY random() LIMIT 200`)).map((row) => Number(row.number));
    const listPath = (c: { department_id: string; status_id: string }) => `/api/v1/tickets?departmentId=${c.department_id}&statusId=${c.status_id}&sort=last_action&limit=50`;
    const countsPath = (c: { department_id: string; status_id: string }) => `/api/v1/tickets/counts?departmentId=${c.department_id}`;
    const results: Record<string, unknown> = {};
    if (options.parts.reads) {
      options.log(`measuring the queue, ticket page and search at ${options.rate} req/s, ${options.seconds} s each, ${options.repeat} time(s)`);
      await fixed(combos.map(listPath)); // warm-up
      // The queue page as the web app loads it: the 50 rows and the status counts, together.
      results.queuePage = await fixed(combos.map((c) => [listPath(c), countsPath(c)]));
      results.queueList = await fixed(combos.map(listPath));
      results.queueCounts = await fixed(combos.map(countsPath));
      // The ticket page: the ticket and its first 20 messages, together.
      results.ticketPage = await fixed(numbers.map((n) => [`/api/v1/tickets/${n}`, `/api/v1/tickets/${n}/messages?limit=20`]));
      results.ticketOnly = await fixed(numbers.map((n) => `/api/v1/tickets/${n}`));
      results.ticketMessages = await fixed(numbers.map((n) => `/api/v1/tickets/${n}/messages?limit=20`));
      results.searchRare = await fixed(['zeppelin', 'quixotic', 'marzipan', 'obsidian', 'kumquat'].map((word) => `/api/v1/tickets?q=${word}&limit=50`));
      results.searchCommon = await fixed(['order', 'delivery', 'refund', 'invoice', 'payment'].map((word) => `/api/v1/tickets?q=${word}&limit=50`));
    }
    if (options.parts.create) results.createTicket = await measureCreateTicket();

    // createTicket over HTTP (autocannon, one connection, in a child process) vs the raw
    // 5-statement baseline through the app's pool, one client.
    async function measureCreateTicket() {
      options.log(`createTicket: raw transaction vs HTTP POST /api/v1/tickets, one client, ${options.seconds} s each in ${options.repeat} alternating rounds`);
      const [typeRow] = await queryRows<{ id: string; status_id: string }>(
        handle.db,
        sql`SELECT t.id, ts.status_id FROM ticket_types t JOIN ticket_type_statuses ts ON ts.type_id = t.id JOIN ticket_statuses s ON s.id = ts.status_id AND s.state = 'pending' WHERE t.is_default LIMIT 1`,
      );
      let rawCounter = 0;
      const rawCreate = () =>
        handle.db.transaction(async (tx) => {
          const subject = `raw ${++rawCounter}`;
          const [row] = await queryRows<{ id: string }>(
            tx,
            sql`INSERT INTO tickets (type_id, status_id, state, subject, channel, opened_by, started_at, last_action_by, last_action_at) VALUES (${typeRow!.id}, ${typeRow!.status_id}, 'pending', ${subject}, 'api', 'staff', now(), 'staff', now()) RETURNING id`,
          );
          await tx.execute(sql`INSERT INTO events (actor_type, actor_label, record_type, record_id, action, changes) VALUES ('system', 'bench', 'ticket', ${row!.id}, 'ticket.created', ${JSON.stringify({ subject })}::jsonb)`);
          await tx.execute(sql`INSERT INTO jobs (name, payload) VALUES ('bench.noop', '{}'::jsonb)`);
        });
      await runLoop(1, 2, rawCreate);
      // A customer's first ticket creates their contact; later ones find it by email.
      const bodies = Array.from({ length: 50 }, (_, i) =>
        JSON.stringify({ subject: 'bench {run} {n}', contact: { name: `Bench Customer ${i}`, email: `bench-{run}-${i}@example.com` }, channel: 'api' }),
      );
      const load = (seconds: number) => httpLoad({ url: baseUrl, path: '/api/v1/tickets', token, connections: 1, seconds, bodies });
      await load(2);
      // Raw and HTTP take turns, so both see the same mix of quiet and busy moments.
      const rounds: { raw: LoopResult; http: LoadResult }[] = [];
      const roundSeconds = options.seconds / options.repeat;
      for (let round_ = 0; round_ < options.repeat; round_ += 1) {
        const raw = await runLoop(1, roundSeconds, rawCreate);
        const http = await load(roundSeconds);
        const failed = http.non2xx + http.errors + http.timeouts;
        if (failed > 0) throw new Error(`createTicket over HTTP had ${failed} failed requests: ${JSON.stringify(http.statusCodes)}`);
        rounds.push({ raw, http });
    }
    // Operations over the time each side actually ran (autocannon reports its own duration).
    const rawOps = rounds.reduce((sum, r) => sum + r.raw.operations, 0) / rounds.reduce((sum, r) => sum + r.raw.operations / r.raw.opsPerSecond, 0);
    const httpOps = rounds.reduce((sum, r) => sum + r.http.requests, 0) / rounds.reduce((sum, r) => sum + r.http.seconds, 0);
    const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
    return {
      raw: { opsPerSecond: round(rawOps, 1), p50Ms: round(medianOf(rounds.map((r) => r.raw.p50Ms))), p99Ms: round(medianOf(rounds.map((r) => r.raw.p99Ms))) },
      http: { opsPerSecond: round(httpOps, 1), p50Ms: medianOf(rounds.map((r) => r.http.p50Ms)), p99Ms: medianOf(rounds.map((r) => r.http.p99Ms)) },
      ratio: round(httpOps / rawOps, 3),
      roundRatios: rounds.map((r) => round(r.http.requests / r.http.seconds / r.raw.opsPerSecond, 3)),
    };
    }

    return {
      name: 'care',
      createdAt: new Date().toISOString(),
      database: name,
      reusedDatabase: reused,
      tickets: options.tickets,
      messages: options.tickets * 5,
      seedSeconds,
      rate: options.rate,
      seconds: options.seconds,
      repeat: options.repeat,
      machine: { cpus: os.cpus().length, node: process.version, loadAverageAtStart, loadAverageAtEnd: os.loadavg().map((value) => round(value)) },
      targets: careTargets,
      notes: [
        'Reads run at a fixed arrival rate from a child process (fixed-rate.mjs). queuePage is the list of 50 and the status counts requested together, as the web app does; ticketPage is the ticket and its first 20 messages together. The other rows measure each request alone.',
        'Counts come from ticket_counters, kept in the same transaction as every ticket write; no COUNT over tickets on the queue path.',
        'createTicket: autocannon with one connection in a child process against one raw client; both write a ticket, an event and a job (a no-op subscriber to ticket.created) in one transaction. The HTTP side also validates, authenticates, resolves the contact, indexes the subject and keeps the counters.',
      ],
      results,
    };
  } finally {
    await app.close();
    await handle.close();
    if (!options.keep) await adminQuery(options.server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
