// `npm run bench [-- --seconds N] [-- --only pglite|postgres] [-- --drivers pglite,postgres] [-- --care-tickets N] [-- --reuse]`:
// runs the foundation benchmark and, on PostgreSQL, the customer-care benchmark (100k tickets by
// default; `--care-tickets 1000000` for the size the targets are set at, 0 to skip it; `--reuse`
// keeps its seeded database for the next run). Prints tables and writes bench/results/<name>-<timestamp>.json
// and bench/results/latest.json (the care half also care-<timestamp>.json and latest-care.json).
// `npm run bench -- --suite customers-search [--contacts 1000000] [--rounds 2]`: the customer search benchmark
// (PostgreSQL), written to bench/results/customers-search-<timestamp>.json and latest-customers-search.json.
// `npm run bench -- --suite customers-duplicates [--contacts 1000000]`: the duplicate scan benchmark (PostgreSQL).
// `npm run bench -- --suite customers-import [--rows N] [--batch-size N] [--writers N]`: the contact import benchmark (PGlite and PostgreSQL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { benchCare } from './care-bench.js';
import { printCareReport, writeCareReport } from './care-report.js';
import { benchCustomersImport } from './customers-import.js';
import { benchFoundation, pgliteTarget, postgresReachable, postgresTarget, type FoundationRow } from './foundation.js';
import { benchMailIngest, type MailIngestRow } from './mail-ingest.js';
import { buildWeb, measurePortalSize, printPortalSize, writePortalSizeReport } from './portal-size.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    drivers: { type: 'string', default: 'pglite,postgres' },
    only: { type: 'string' },
    name: { type: 'string' },
    /** Which benchmarks: portal (bundle size), foundation, mail (email ingest over SMTP); care runs by --care-tickets. */
    suites: { type: 'string', default: 'portal,foundation,mail' },
    'mail-connections': { type: 'string', default: '8' },
    'care-tickets': { type: 'string', default: '100000' },
    'care-rate': { type: 'string', default: '50' },
    reuse: { type: 'boolean', default: false },
    suite: { type: 'string', default: 'foundation' },
    contacts: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '2' },
    rows: { type: 'string', default: '100000' },
    /** customers-import: rows per batch and batches in flight (the import's defaults: 1000 and 2). */
    'batch-size': { type: 'string' },
    writers: { type: 'string' },
  },
});
const careTickets = Number(values['care-tickets']);
if (!Number.isInteger(careTickets) || careTickets < 0) throw new Error('--care-tickets must be a whole number (0 skips the care benchmark)');
const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

if (values.suite === 'customers-search') {
  const { benchCustomerSearch } = await import('./customers-search.js');
  const postgres = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const createdAt = new Date().toISOString();
  const outcome = await benchCustomerSearch({ serverUrl: postgres, contacts: Number(values.contacts), rounds: Number(values.rounds), log: (line) => console.log(`  ${line}`) });
  const report = { name: 'customers-search', createdAt, ...outcome };
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `customers-search-${createdAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(resultsDir, 'latest-customers-search.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)} and bench/results/latest-customers-search.json`);
  process.exit(0);
}
if (values.suite === 'customers-duplicates') {
  const { benchCustomerDuplicates } = await import('./customers-duplicates.js');
  const postgres = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const createdAt = new Date().toISOString();
  const outcome = await benchCustomerDuplicates({ serverUrl: postgres, contacts: Number(values.contacts), samples: 200, log: (line) => console.log(`  ${line}`) });
  const report = { name: 'customers-duplicates', createdAt, ...outcome };
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `customers-duplicates-${createdAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  process.exit(0);
}
if (!['foundation', 'customers-import'].includes(values.suite!)) throw new Error('--suite must be foundation, customers-search, customers-duplicates or customers-import');
const seconds = Number(values.seconds);
if (values.only && !['pglite', 'postgres'].includes(values.only)) throw new Error('--only must be pglite or postgres');
if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('--seconds must be a positive number');
const drivers = (values.only ?? values.drivers!).split(',').map((driver) => driver.trim());
// The PostgreSQL server to create the bench database on: BENCH_DATABASE_URL, else the local default.
const postgresServer = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => console.log(`  ${line}`);

if (values.suite === 'customers-import') {
  const rowCount = Number(values.rows);
  if (!Number.isInteger(rowCount) || rowCount <= 0) throw new Error('--rows must be a positive integer');
  const loadAverage = os.loadavg().map((value) => Math.round(value * 100) / 100);
  const results = [];
  const skippedDrivers: string[] = [];
  const importOptions = { batchSize: values['batch-size'] ? Number(values['batch-size']) : undefined, writers: values.writers ? Number(values.writers) : undefined };
  if (drivers.includes('pglite')) results.push(await benchCustomersImport(pgliteTarget(), rowCount, log, importOptions));
  if (drivers.includes('postgres')) {
    if (await postgresReachable(postgresServer)) results.push(await benchCustomersImport(postgresTarget(postgresServer, 'patron_bench_import'), rowCount, log, importOptions));
    else skippedDrivers.push(`postgres: no server reachable at ${postgresServer} (set BENCH_DATABASE_URL)`);
  }
  const importReport = {
    name: values.name ?? 'customers-import',
    createdAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version, loadAverageAtStart: loadAverage, loadAverageAtEnd: os.loadavg().map((value) => Math.round(value * 100) / 100) },
    options: importOptions,
    notes: [
      'A CSV of N new contacts (email, names, phone, company, billing address) is uploaded with createImport (streamed to disk, encoding and separator detected), then runImport runs the job body: a counting pass (byte scan), then batches of 1000 rows, each one transaction (two set-based statements: contacts, phones, addresses, events; emails, identifiers, search words; the resume point), two batches in flight on PostgreSQL with ordered commits.',
      'rowsPerSecond = rows / importSeconds (counting pass included, upload excluded). peakRssMb: the benchmark process, which holds the whole server side of the import (and, for PGlite, the database).',
    ],
    target: { rowsPerSecondOnPostgres: 10000, peakRssMb: 512 },
    results: results.map((row) => ({ ...row, meetsTarget: row.peakRssMb < 512 && (row.driver !== 'postgres' || row.rowsPerSecond >= 10000) })),
    skipped: skippedDrivers,
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  const importFile = path.join(resultsDir, `${importReport.name}-${importReport.createdAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(importFile, `${JSON.stringify(importReport, null, 2)}\n`);
  for (const row of importReport.results) console.log(`${row.driver}: ${row.rows} rows in ${row.importSeconds} s = ${row.rowsPerSecond} rows/s (upload ${row.uploadSeconds} s), ${row.created} created, ${row.errors} errors, peak RSS ${row.peakRssMb} MB`);
  for (const note of skippedDrivers) console.log(`skipped ${note}`);
  console.log(`\nwritten to ${path.relative(process.cwd(), importFile)}`);
  process.exit(0);
}

// Other work on the machine skews the figures; record how busy it was when the run started.
const loadAverageAtStart = os.loadavg().map((value) => Math.round(value * 100) / 100);
const suites = values.suites!.split(',').map((suite) => suite.trim());
// The customer portal's initial download (gzip) against its 80 KB budget: no database needed.
let portalSize: ReturnType<typeof measurePortalSize> | undefined;
if (suites.includes('portal')) {
  console.log('portal bundle size');
  buildWeb();
  portalSize = measurePortalSize();
  printPortalSize(portalSize);
  console.log(`  written to ${path.relative(process.cwd(), writePortalSizeReport(portalSize))}`);
}
const rows: FoundationRow[] = [];
const mailRows: MailIngestRow[] = [];
const skipped: string[] = [];
const postgresUp = drivers.includes('postgres') && (await postgresReachable(postgresServer));
if (drivers.includes('postgres') && !postgresUp) skipped.push(`postgres: no server reachable at ${postgresServer} (set BENCH_DATABASE_URL)`);
if (suites.includes('foundation')) {
  if (drivers.includes('pglite')) rows.push(...(await benchFoundation(pgliteTarget(), seconds, log)));
  if (postgresUp) rows.push(...(await benchFoundation(postgresTarget(postgresServer), seconds, log)));
}
if (suites.includes('mail')) {
  if (drivers.includes('pglite')) mailRows.push(await benchMailIngest(pgliteTarget(), seconds, Number(values['mail-connections']), log));
  if (postgresUp) mailRows.push(await benchMailIngest(postgresTarget(postgresServer, 'patron_bench_mail'), seconds, Number(values['mail-connections']), log));
}

let care: Awaited<ReturnType<typeof benchCare>> | undefined;
if (drivers.includes('postgres') && careTickets > 0) {
  if (await postgresReachable(postgresServer)) {
    care = await benchCare({ server: postgresServer, tickets: careTickets, seconds, rate: Number(values['care-rate']), repeat: 3, parts: { reads: true, create: true }, reuse: values.reuse, keep: values.reuse, log });
  } else skipped.push(`care: no PostgreSQL reachable at ${postgresServer} (set BENCH_DATABASE_URL)`);
}

const target = 0.5;
const report = {
  name: values.name ?? 'foundation',
  createdAt: new Date().toISOString(),
  seconds,
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverageAtStart },
  notes: [
    'raw: BEGIN; INSERT business_units; INSERT events; INSERT jobs; COMMIT through the same driver and pool the app uses, N concurrent clients in a closed loop.',
    'http: POST /api/v1/business-units with a Bearer API token (token auth, Zod validation, insert + event + job in one transaction), autocannon with N connections in a child process.',
    'serverPeakRssMb: process.memoryUsage().rss of the benchmark process, which hosts the server in-process (plus the raw client and, for PGlite, the database itself); the load generator is a separate process.',
    'No job worker runs during the measurement: both sides only write.',
  ],
  target: { ratio: target },
  results: rows.map((row) => ({ ...row, meetsTarget: row.ratio >= target })),
  care: care ? { file: writeCareReport(care), tickets: care.tickets } : null,
  skipped,
  portalSize: portalSize ? { totalGzipKb: portalSize.totalGzipKb, budgetKb: portalSize.budgetKb, withinBudget: portalSize.withinBudget } : null,
};

fs.mkdirSync(resultsDir, { recursive: true });
const stamp = report.createdAt.replace(/[:.]/g, '-');
const file = path.join(resultsDir, `${report.name}-${stamp}.json`);
if (suites.includes('foundation')) {
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
}
if (mailRows.length > 0) {
  const mailReport = {
    name: 'mail-ingest',
    createdAt: report.createdAt,
    seconds,
    machine: report.machine,
    notes: [
      'SMTP to the built-in listener on 127.0.0.1 (nodemailer pool, N connections, closed loop, client in the same process); each 250 comes only after the commit.',
      '~10 KB text messages from 500 senders; every third is a reply threaded by In-Reply-To, the rest open tickets. The raw .eml is stored (fsync) for each.',
      'No job worker runs during the measurement (rule mail jobs queue up).',
    ],
    target: { messagesPerSecond: 100, driver: 'postgres' },
    results: mailRows,
  };
  fs.writeFileSync(path.join(resultsDir, `mail-ingest-${stamp}.json`), `${JSON.stringify(mailReport, null, 2)}\n`);
  fs.writeFileSync(path.join(resultsDir, 'latest-mail-ingest.json'), `${JSON.stringify(mailReport, null, 2)}\n`);
  for (const row of mailRows) console.log(`mail ingest ${row.driver}: ${row.opsPerSecond} msg/s over ${row.connections} SMTP connections (p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms)${row.meetsTarget ? '' : ' (< 100)'}`);
}

const header = ['driver', 'clients', 'raw ops/s', 'raw p50/p99 ms', 'http ops/s', 'http p50/p99 ms', 'ratio', 'rss MB'];
const table = rows.map((row) => [
  row.driver,
  String(row.concurrency),
  String(row.raw.opsPerSecond),
  `${row.raw.p50Ms} / ${row.raw.p99Ms}`,
  String(row.http.opsPerSecond),
  `${row.http.p50Ms} / ${row.http.p99Ms}`,
  `${row.ratio}${row.ratio >= target ? '' : ' (< 0.5)'}`,
  String(row.serverPeakRssMb),
]);
const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column]!.length)));
const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
if (rows.length > 0) console.log(`\n${line(header)}\n${line(widths.map((width) => '-'.repeat(width)))}\n${table.map(line).join('\n')}`);
if (care) printCareReport(care);
for (const note of skipped) console.log(`skipped ${note}`);
if (suites.includes('foundation')) console.log(`\nwritten to ${path.relative(process.cwd(), file)} and bench/results/latest.json`);
if (mailRows.length > 0) console.log('written to bench/results/latest-mail-ingest.json');
process.exit(0);
