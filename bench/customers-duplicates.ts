// The duplicate scan benchmark (PostgreSQL): N generated contacts (the search benchmark's
// generator) with companies, plus 1% injected duplicates (a near-miss email, the same phone in
// another format, or a misspelt name at the same company). It walks the whole scan through
// GET /api/v1/contacts/duplicates page after page, and asks for single contacts' duplicates,
// reporting per-request p50/p95/p99, the whole walk's time and how many injected pairs it found.
// `npm run bench -- --suite customers-duplicates --contacts 1000000`
import os from 'node:os';
import pino from 'pino';
import { sql, type SQL } from 'drizzle-orm';
import { buildApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { startModules } from '../src/platform/bootstrap.js';
import { systemActor } from '../src/platform/actor.js';
import { contextFor } from '../src/platform/context.js';
import { queryRows, runMigrations, type Queryable } from '../src/platform/db/client.js';
import { createRuntime } from '../src/platform/runtime.js';
import { createApiTokenForUser, createUser } from '../src/modules/access/index.js';
import { createIndexes, loadGeneratedContacts } from './customers-search-data.js';
import { postgresReachable, postgresTarget } from './foundation.js';
import { percentile, round } from './measure.js';

const contactId = (n: string) => sql.raw(`(overlay(overlay(md5('contact' || ${n}) placing '4' from 13) placing '8' from 17))::uuid`);

/**
 * Companies for 40% of the contacts (about ten people each, and ten big ones of 0.12% of all
 * contacts each), then one injected duplicate per hundred contacts, recorded in bench_duplicates.
 */
async function addCompaniesAndDuplicates(db: Queryable, contacts: number) {
  const companies = Math.max(10, Math.floor(contacts / 25));
  await db.execute(sql`INSERT INTO companies (name) SELECT 'Company ' || g FROM generate_series(1, ${companies}::int) AS g`);
  const pick = (salt: string, modulo: SQL | number) => sql`(abs(hashtext(c.id::text || ${salt})) % ${modulo})`;
  await db.execute(sql`
    UPDATE contacts c SET company_id = co.id
    FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM companies) AS co
    WHERE ${pick('with', 100)} < 40
      AND co.n = 1 + CASE WHEN ${pick('big', 100)} < 3 THEN ${pick('which big', 10)} ELSE ${pick('which', companies)} END`);
  await db.execute(sql`CREATE TABLE bench_duplicates (original uuid, copy uuid, kind text)`);
  const duplicates = Math.floor(contacts / 100);
  // Copies are numbered after the originals; original k*97 % N + 1 is copied as copy N + k.
  await db.execute(sql`
    INSERT INTO bench_duplicates (original, copy, kind)
    SELECT ${contactId('(1 + (k * 97) % ' + contacts + ')')}, ${contactId(`(${contacts} + k)`)}, (ARRAY['email', 'phone', 'name'])[1 + k % 3]
    FROM generate_series(1, ${duplicates}::int) AS k`);
  // A name copy is only a duplicate at the same company: give its original one (any, by hash) if it has none.
  await db.execute(sql`
    UPDATE contacts o SET company_id = co.id
    FROM bench_duplicates d, (SELECT id, row_number() OVER (ORDER BY id) AS n FROM companies) AS co
    WHERE d.kind = 'name' AND o.id = d.original AND o.company_id IS NULL AND co.n = 1 + abs(hashtext(d.original::text)) % ${companies}`);
  await db.execute(sql`
    INSERT INTO contacts (id, first_name, last_name, email, phone, company_id, source)
    SELECT d.copy,
           o.first_name,
           CASE WHEN d.kind = 'name' THEN left(o.last_name, -1) ELSE o.last_name END,
           CASE WHEN d.kind = 'email' THEN left(o.email, 2) || '.' || split_part(substr(o.email, 3), '@', 1) || '+crm@' || split_part(o.email, '@', 2) ELSE 'copy-' || d.copy || '@bench.test' END,
           CASE WHEN d.kind = 'phone' THEN '+1 ' || right(regexp_replace(o.phone, '\\D', '', 'g'), 10) ELSE NULL END,
           CASE WHEN d.kind = 'name' THEN o.company_id ELSE NULL END,
           'import'
    FROM bench_duplicates d JOIN contacts o ON o.id = d.original`);
  await db.execute(sql`INSERT INTO contact_emails (contact_id, email, label, is_default) SELECT c.id, c.email, 'work', true FROM bench_duplicates d JOIN contacts c ON c.id = d.copy`);
  await db.execute(sql`
    INSERT INTO customer_phones (contact_id, number, digits, e164, label, is_default)
    SELECT c.id, c.phone, regexp_replace(c.phone, '\\D', '', 'g'), '+' || regexp_replace(c.phone, '\\D', '', 'g'), 'mobile', true
    FROM bench_duplicates d JOIN contacts c ON c.id = d.copy WHERE c.phone IS NOT NULL`);
  // What autovacuum does after a bulk load; counting a company's members is then an index-only scan.
  await db.execute(sql`VACUUM ANALYZE contacts`);
  await db.execute(sql`VACUUM ANALYZE companies`);
  return duplicates;
}

export async function benchCustomerDuplicates(options: { serverUrl: string; contacts: number; samples: number; log: (line: string) => void }) {
  const { log } = options;
  if (!(await postgresReachable(options.serverUrl))) return { skipped: `no PostgreSQL at ${options.serverUrl}` };
  const target = postgresTarget(options.serverUrl, 'patron_bench_duplicates');
  const handle = await target.open();
  try {
    await runMigrations(handle);
    const runtime = createRuntime(parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false' }), handle, { logger: pino({ level: 'silent' }) });
    await startModules(runtime);

    const loadStarted = Date.now();
    const indexes = await loadGeneratedContacts(handle.db, options.contacts, log);
    await createIndexes(handle.db, indexes);
    const injected = await addCompaniesAndDuplicates(handle.db, options.contacts);
    const loadSeconds = round((Date.now() - loadStarted) / 1000, 1);
    log(`loaded, indexed and ${injected} duplicates injected in ${loadSeconds} s`);

    const ctx = contextFor(runtime, systemActor('bench'));
    await createUser(ctx, { email: 'bench@example.com', name: 'Bench', password: 'bench password 1', isAdmin: true, groupIds: [], unitIds: [], rightKeys: [] });
    const { token } = await createApiTokenForUser(ctx, { email: 'bench@example.com', name: 'bench' });
    const app = await buildApp(runtime, { logRequests: false });
    await app.ready();
    const headers = { authorization: `Bearer ${token}` };
    const get = async (url: string) => {
      const started = performance.now();
      const response = await app.inject({ method: 'GET', url, headers });
      const ms = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      return { ms, body: response.json() as { items: { contact: { id: string }; other: { id: string }; reasons: { kind: string }[] }[]; nextCursor: string | null } };
    };
    const stats = (latencies: number[]) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return { requests: sorted.length, p50Ms: round(percentile(sorted, 0.5), 1), p95Ms: round(percentile(sorted, 0.95), 1), p99Ms: round(percentile(sorted, 0.99), 1), maxMs: round(sorted.at(-1) ?? 0, 1) };
    };

    // The whole scan, page after page, as the Duplicates screen walks it.
    const walkStarted = Date.now();
    const pageLatencies: number[] = [];
    const found = new Set<string>();
    let cursor: string | null = null;
    let pairs = 0;
    do {
      const page = await get(`/api/v1/contacts/duplicates?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      pageLatencies.push(page.ms);
      for (const pair of page.body.items) found.add([pair.contact.id, pair.other.id].sort().join());
      pairs += page.body.items.length;
      cursor = page.body.nextCursor;
      if (pageLatencies.length % 100 === 0) log(`${pageLatencies.length} pages, ${pairs} pairs, ${round((Date.now() - walkStarted) / 1000, 1)} s`);
    } while (cursor);
    const walkSeconds = round((Date.now() - walkStarted) / 1000, 1);
    const injectedPairs = await queryRows<{ original: string; copy: string; kind: string }>(handle.db, sql`SELECT original, copy, kind FROM bench_duplicates`);
    const recall: Record<string, string> = {};
    for (const kind of ['email', 'phone', 'name']) {
      const ofKind = injectedPairs.filter((pair) => pair.kind === kind);
      recall[kind] = `${ofKind.filter((pair) => found.has([pair.original, pair.copy].sort().join())).length}/${ofKind.length}`;
    }
    const scan = { pages: pageLatencies.length, pairs, walkSeconds, ...stats(pageLatencies), injectedFound: recall };
    log(`scan: ${JSON.stringify(scan)}`);

    // One contact's duplicates, as the contact page asks for them.
    const oneLatencies: number[] = [];
    let hits = 0;
    for (const pair of injectedPairs.slice(0, options.samples)) {
      const page = await get(`/api/v1/contacts/duplicates?contactId=${pair.copy}&limit=25`);
      oneLatencies.push(page.ms);
      if (page.body.items.some((item) => item.other.id === pair.original)) hits += 1;
    }
    const oneContact = { ...stats(oneLatencies), originalFound: `${hits}/${oneLatencies.length}` };
    log(`one contact: ${JSON.stringify(oneContact)}`);
    await app.close();
    const [counts] = await queryRows<{ contacts: number; companies: number; with_company: number; largest_company: number }>(
      handle.db,
      sql`SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM companies) AS companies,
                 (SELECT count(*)::int FROM contacts WHERE company_id IS NOT NULL) AS with_company,
                 (SELECT max(n)::int FROM (SELECT count(*) AS n FROM contacts WHERE company_id IS NOT NULL GROUP BY company_id) AS sizes) AS largest_company`,
    );
    return { data: { ...counts, injectedDuplicates: injected }, loadSeconds, scan, oneContact, machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((value) => round(value, 2)) } };
  } finally {
    await handle.close();
    await target.cleanup();
  }
}
