// The customer-care benchmark (PostgreSQL): seeds N tickets and 5N messages, then measures the
// queue, the ticket page and search at a fixed arrival rate, and createTicket over HTTP against a
// raw 5-statement transaction. `npm run bench:care -- --tickets 1000000 --seconds 20`
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { startModules } from '../src/platform/bootstrap.js';
import { systemActor } from '../src/platform/actor.js';
import { contextFor } from '../src/platform/context.js';
import { queryRows, runMigrations } from '../src/platform/db/client.js';
import { createRuntime } from '../src/platform/runtime.js';
import { createApiTokenForUser, createUser } from '../src/modules/access/index.js';
import { seedScale } from '../src/modules/care/index.js';
import { postgresReachable, postgresTarget } from './foundation.js';
import { round, runLoop } from './measure.js';

const { values } = parseArgs({ options: { tickets: { type: 'string', default: '100000' }, seconds: { type: 'string', default: '10' }, rate: { type: 'string', default: '50' } } });
const tickets = Number(values.tickets);
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const server = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const here = path.dirname(fileURLToPath(import.meta.url));

function child(script: string, options: unknown): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [path.join(here, script), JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    process_.stdout.on('data', (chunk) => (out += chunk));
    process_.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${script} exited with ${code}`))));
  });
}

if (!(await postgresReachable(server))) {
  console.log(`skipped: no PostgreSQL at ${server}`);
  process.exit(0);
}
const target = postgresTarget(server, 'patron_bench_care');
const handle = await target.open();
await runMigrations(handle);
const runtime = createRuntime(parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false' }), handle, { logger: pino({ level: 'silent' }) });
await startModules(runtime);
const seedStarted = Date.now();
await seedScale(handle, { tickets, messages: tickets * 5, progress: (line) => console.log(`  ${line}`) });
const seedSeconds = round((Date.now() - seedStarted) / 1000, 1);
const ctx = contextFor(runtime, systemActor('bench'));
await createUser(ctx, { email: 'bench@example.com', name: 'Bench', password: 'bench password 1', isAdmin: true, groupIds: [], unitIds: [], rightKeys: [] });
const { token } = await createApiTokenForUser(ctx, { email: 'bench@example.com', name: 'bench' });
const app = await buildApp(runtime, { logRequests: false });
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const headers = { authorization: `Bearer ${token}` };

const combos = await queryRows<{ department_id: string; status_id: string }>(handle.db, sql`SELECT DISTINCT department_id, status_id FROM tickets WHERE department_id IS NOT NULL LIMIT 12`);
const numbers = (await queryRows<{ number: number }>(handle.db, sql`SELECT number FROM tickets ORDER BY random() LIMIT 200`)).map((row) => Number(row.number));
const fixed = (paths: string[]) => child('fixed-rate.mjs', { baseUrl, paths, headers, rate, seconds });
const results: Record<string, unknown> = {};
console.log('  measuring the queue, ticket page and search');
results.queueList = await fixed(combos.map((c) => `/api/v1/tickets?departmentId=${c.department_id}&statusId=${c.status_id}&sort=last_action&limit=50`));
results.queueCounts = await fixed(combos.map((c) => `/api/v1/tickets/counts?departmentId=${c.department_id}`));
results.ticketPage = await fixed(numbers.map((n) => `/api/v1/tickets/${n}`));
results.ticketMessages = await fixed(numbers.map((n) => `/api/v1/tickets/${n}/messages?limit=20`));
results.searchRare = await fixed(['zeppelin', 'quixotic', 'marzipan', 'obsidian', 'kumquat'].map((word) => `/api/v1/tickets?q=${word}&limit=50`));
results.searchCommon = await fixed(['order', 'delivery', 'refund', 'invoice', 'payment'].map((word) => `/api/v1/tickets?q=${word}&limit=50`));

// createTicket over HTTP vs the raw 5-statement baseline, one client each.
let rawCounter = 0;
const [typeRow] = await queryRows<{ id: string; status_id: string }>(handle.db, sql`SELECT t.id, ts.status_id FROM ticket_types t JOIN ticket_type_statuses ts ON ts.type_id = t.id JOIN ticket_statuses s ON s.id = ts.status_id AND s.state = 'pending' WHERE t.is_default LIMIT 1`);
const raw = await runLoop(1, seconds, async () => {
  await handle.db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: string }>(tx, sql`INSERT INTO tickets (type_id, status_id, state, subject, channel, opened_by, started_at, last_action_by, last_action_at) VALUES (${typeRow!.id}, ${typeRow!.status_id}, 'pending', ${`raw ${++rawCounter}`}, 'api', 'staff', now(), 'staff', now()) RETURNING id`);
    await tx.execute(sql`INSERT INTO events (actor_type, record_type, record_id, action) VALUES ('system', 'ticket', ${row!.id}, 'ticket.created')`);
    await tx.execute(sql`INSERT INTO jobs (name, payload) VALUES ('bench.noop', '{}'::jsonb)`);
  });
});
let httpCounter = 0;
const http = await runLoop(1, seconds, async () => {
  const response = await fetch(`${baseUrl}/api/v1/tickets`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ subject: `bench ${++httpCounter}`, contact: { contactId: undefined, name: 'Bench Customer', email: `bench${httpCounter % 50}@example.com` }, channel: 'api' }),
  });
  if (response.status !== 201) throw new Error(`createTicket answered ${response.status}: ${await response.text()}`);
});
results.createTicket = { raw: { opsPerSecond: round(raw.opsPerSecond), p50Ms: round(raw.p50Ms) }, http: { opsPerSecond: round(http.opsPerSecond), p50Ms: round(http.p50Ms) }, ratio: round(http.opsPerSecond / raw.opsPerSecond, 3) };

await app.close();
await handle.close();
await target.cleanup();

const report = {
  name: 'care',
  createdAt: new Date().toISOString(),
  tickets,
  messages: tickets * 5,
  seedSeconds,
  rate,
  seconds,
  machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((v) => round(v)) },
  targets: { queueListP95Ms: 30, ticketPageP95Ms: 20, searchRareP95Ms: 100, searchCommonP95Ms: 300, createTicketRatio: 0.5 },
  notes: ['Counts come from ticket_counters, kept in the same transaction as every ticket write; no COUNT over tickets on the queue path.', 'createTicket: the HTTP client runs in this process, one request at a time.'],
  results,
};
const dir = path.join(here, 'results');
fs.mkdirSync(dir, { recursive: true });
const file = path.join(dir, `care-${report.createdAt.replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
fs.writeFileSync(path.join(dir, 'latest-care.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
console.log(`written to ${path.relative(process.cwd(), file)}`);
process.exit(0);
