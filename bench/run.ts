// `npm run bench [-- --seconds N] [-- --only pglite|postgres] [-- --drivers pglite,postgres]`: runs the benchmarks, prints a
// table and writes bench/results/<name>-<timestamp>.json and bench/results/latest.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { benchFoundation, pgliteTarget, postgresReachable, postgresTarget, type FoundationRow } from './foundation.js';
import { buildWeb, measurePortalSize, printPortalSize, writePortalSizeReport } from './portal-size.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    drivers: { type: 'string', default: 'pglite,postgres' },
    only: { type: 'string' },
    name: { type: 'string', default: 'foundation' },
  },
});
const seconds = Number(values.seconds);
if (values.only && !['pglite', 'postgres'].includes(values.only)) throw new Error('--only must be pglite or postgres');
if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('--seconds must be a positive number');
const drivers = (values.only ?? values.drivers!).split(',').map((driver) => driver.trim());
// The PostgreSQL server to create the bench database on: BENCH_DATABASE_URL, else the local default.
const postgresServer = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => console.log(`  ${line}`);

// Other work on the machine skews the figures; record how busy it was when the run started.
const loadAverageAtStart = os.loadavg().map((value) => Math.round(value * 100) / 100);

// The customer portal's initial download (gzip) against its 80 KB budget: no database needed.
console.log('portal bundle size');
buildWeb();
const portalSize = measurePortalSize();
printPortalSize(portalSize);
console.log(`  written to ${path.relative(process.cwd(), writePortalSizeReport(portalSize))}`);
const rows: FoundationRow[] = [];
const skipped: string[] = [];
if (drivers.includes('pglite')) rows.push(...(await benchFoundation(pgliteTarget(), seconds, log)));
if (drivers.includes('postgres')) {
  if (await postgresReachable(postgresServer)) rows.push(...(await benchFoundation(postgresTarget(postgresServer), seconds, log)));
  else skipped.push(`postgres: no server reachable at ${postgresServer} (set BENCH_DATABASE_URL)`);
}

const target = 0.5;
const report = {
  name: values.name,
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
  skipped,
  portalSize: { totalGzipKb: portalSize.totalGzipKb, budgetKb: portalSize.budgetKb, withinBudget: portalSize.withinBudget },
};

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const stamp = report.createdAt.replace(/[:.]/g, '-');
const file = path.join(resultsDir, `${values.name}-${stamp}.json`);
fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);

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
console.log(`\n${line(header)}\n${line(widths.map((width) => '-'.repeat(width)))}\n${table.map(line).join('\n')}`);
for (const note of skipped) console.log(`skipped ${note}`);
console.log(`\nwritten to ${path.relative(process.cwd(), file)} and bench/results/latest.json`);
process.exit(0);
