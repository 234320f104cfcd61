// The customer search benchmark (PostgreSQL): bulk-generates N realistic contacts, then measures
// GET /api/v1/contacts?q= (and the global search) one request at a time for name typos, phone
// fragments, email prefixes, zip codes and account numbers, reporting p50/p95/p99 per kind and
// how often the intended contact was on the first page. Target: p95 <= 100 ms at 1M contacts.
// `npm run bench -- --suite customers-search --contacts 1000000`
import os from 'node:os';
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
import { createIndexes, loadGeneratedContacts } from './customers-search-data.js';
import { postgresReachable, postgresTarget } from './foundation.js';
import { percentile, round } from './measure.js';

interface Sample {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  postal_code: string;
  account: string | null;
}

/** A typo a person makes: two neighbouring letters swapped in the surname, one letter dropped from the first name. */
function misspell(first: string, last: string): string {
  const swapAt = Math.max(1, Math.floor(last.length / 2) - 1);
  const swapped = last.length > 3 ? last.slice(0, swapAt) + last[swapAt + 1] + last[swapAt] + last.slice(swapAt + 2) : last;
  const dropped = first.length > 4 ? first.slice(0, 2) + first.slice(3) : first;
  return `${dropped} ${swapped}`.toLowerCase();
}

export async function benchCustomerSearch(options: { serverUrl: string; contacts: number; rounds: number; log: (line: string) => void }) {
  const { log } = options;
  if (!(await postgresReachable(options.serverUrl))) return { skipped: `no PostgreSQL at ${options.serverUrl}` };
  const target = postgresTarget(options.serverUrl, 'patron_bench_customers');
  const handle = await target.open();
  try {
    await runMigrations(handle);
    const runtime = createRuntime(parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false' }), handle, { logger: pino({ level: 'silent' }) });
    await startModules(runtime);

    const loadStarted = Date.now();
    const indexes = await loadGeneratedContacts(handle.db, options.contacts, log);
    const insertSeconds = round((Date.now() - loadStarted) / 1000, 1);
    const indexStarted = Date.now();
    await createIndexes(handle.db, indexes);
    const indexSeconds = round((Date.now() - indexStarted) / 1000, 1);
    log(`loaded in ${insertSeconds} s, indexed in ${indexSeconds} s`);

    const ctx = contextFor(runtime, systemActor('bench'));
    await createUser(ctx, { email: 'bench@example.com', name: 'Bench', password: 'bench password 1', isAdmin: true, groupIds: [], unitIds: [], rightKeys: [] });
    const { token } = await createApiTokenForUser(ctx, { email: 'bench@example.com', name: 'bench' });
    const app = await buildApp(runtime, { logRequests: false });
    await app.ready();
    const headers = { authorization: `Bearer ${token}` };

    const samples = await queryRows<Sample>(
      handle.db,
      sql`SELECT c.id, c.first_name, c.last_name, c.email, c.phone, a.postal_code, acc.number AS account
          FROM contacts c JOIN customer_addresses a ON a.contact_id = c.id LEFT JOIN accounts acc ON acc.contact_id = c.id
          WHERE c.id IN (SELECT (overlay(overlay(md5('contact' || (1 + (hashint4(g * 7919) & 2147483647) % ${options.contacts})) placing '4' from 13) placing '8' from 17))::uuid FROM generate_series(1, 200) AS g)`,
    );
    const withAccounts = samples.filter((sample) => sample.account);
    const kinds: Record<string, { query: (sample: Sample) => string; pool: Sample[]; path?: string }> = {
      nameTypo: { query: (s) => misspell(s.first_name, s.last_name), pool: samples },
      phoneFragment: { query: (s) => s.phone.replace(/\D/g, '').slice(-7).replace(/^(\d{3})/, '$1-'), pool: samples },
      phoneOtherFormat: { query: (s) => `+1 ${s.phone.replace(/\D/g, '').slice(-10)}`, pool: samples },
      emailPrefix: { query: (s) => s.email.slice(0, Math.min(s.email.indexOf('@'), 12)), pool: samples },
      zipCode: { query: (s) => s.postal_code, pool: samples },
      accountNumber: { query: (s) => s.account!.toLowerCase(), pool: withAccounts },
      globalSearchNameTypo: { query: (s) => misspell(s.first_name, s.last_name), pool: samples, path: '/api/v1/search?limit=5&q=' },
    };

    const results: Record<string, unknown> = {};
    for (const [kind, spec] of Object.entries(kinds)) {
      const latencies: number[] = [];
      let found = 0;
      let requests = 0;
      for (let round_ = 0; round_ < options.rounds; round_++) {
        for (const sample of spec.pool) {
          const url = `${spec.path ?? '/api/v1/contacts?limit=25&q='}${encodeURIComponent(spec.query(sample))}`;
          const started = performance.now();
          const response = await app.inject({ method: 'GET', url, headers });
          latencies.push(performance.now() - started);
          if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
          if (round_ === 0) {
            requests += 1;
            if (response.body.includes(sample.id)) found += 1;
          }
        }
      }
      latencies.sort((a, b) => a - b);
      results[kind] = {
        requests: latencies.length,
        p50Ms: round(percentile(latencies, 0.5), 1),
        p95Ms: round(percentile(latencies, 0.95), 1),
        p99Ms: round(percentile(latencies, 0.99), 1),
        intendedContactOnFirstPage: `${found}/${requests}`,
        example: spec.query(spec.pool[0]!),
      };
      log(`${kind}: ${JSON.stringify(results[kind])}`);
    }
    await app.close();
    const [sizes] = await queryRows<{ contacts: number; table_mb: number; indexes_mb: number }>(
      handle.db,
      sql`SELECT (SELECT count(*)::int FROM contacts) AS contacts,
                 round(pg_total_relation_size('contacts') / 1048576.0)::int AS table_mb,
                 round((SELECT sum(pg_relation_size(indexrelid)) FROM pg_index WHERE indrelid IN ('contacts'::regclass, 'contact_emails'::regclass, 'customer_phones'::regclass, 'customer_addresses'::regclass, 'accounts'::regclass)) / 1048576.0)::int AS indexes_mb`,
    );
    return { contacts: sizes!.contacts, loadSeconds: { insert: insertSeconds, index: indexSeconds }, sizes, target: { p95Ms: 100 }, results, machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((value) => round(value, 2)) } };
  } finally {
    await handle.close();
    await target.cleanup();
  }
}
