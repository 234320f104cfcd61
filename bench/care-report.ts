// Prints the customer-care benchmark as a table against the targets and writes the JSON.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { benchCare } from './care-bench.js';

type CareReport = Awaited<ReturnType<typeof benchCare>>;
type Percentiles = { p50Ms: number; p95Ms: number; p99Ms: number; failures: number; p95sMs?: number[] };
type CreateResult = { raw: { opsPerSecond: number }; http: { opsPerSecond: number }; ratio: number; roundRatios: number[] };

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

/** Writes bench/results/care-<time>.json and latest-care.json; returns the first one's path. */
export function writeCareReport(report: CareReport): string {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `care-${report.createdAt.replace(/[:.]/g, '-')}.json`);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(resultsDir, 'latest-care.json'), text);
  return path.relative(process.cwd(), file);
}

export function printCareReport(report: CareReport): void {
  const results = report.results as Record<string, Percentiles | undefined> & { createTicket?: CreateResult };
  const targets = report.targets;
  const rows: string[][] = [];
  const read = (label: string, key: string, target?: number) => {
    const result = results[key];
    if (!result) return;
    const verdict = target === undefined ? '' : result.p95Ms <= target ? `<= ${target} ms: met` : `<= ${target} ms: MISSED`;
    const spread = result.p95sMs && result.p95sMs.length > 1 ? `p95 of each run: ${result.p95sMs.join(', ')}` : '';
    rows.push([label, `${result.p50Ms} / ${result.p95Ms} / ${result.p99Ms}`, [spread, result.failures ? `${result.failures} failed` : ''].filter(Boolean).join('; '), verdict]);
  };
  read('queue page (50 rows + counts)', 'queuePage', targets.queuePageP95Ms);
  read('  queue list alone', 'queueList');
  read('  status counts alone', 'queueCounts');
  read('ticket page (ticket + 20 messages)', 'ticketPage', targets.ticketPageP95Ms);
  read('  ticket alone', 'ticketOnly');
  read('  20 messages alone', 'ticketMessages');
  read('search, rare term', 'searchRare', targets.searchRareP95Ms);
  read('search, common term', 'searchCommon', targets.searchCommonP95Ms);
  const create = results.createTicket;
  if (create) rows.push([
    'createTicket HTTP / raw',
    `${create.http.opsPerSecond} / ${create.raw.opsPerSecond} ops/s`,
    `ratio of each round: ${create.roundRatios.join(', ')}`,
    `ratio ${create.ratio} (>= ${targets.createTicketRatio}: ${create.ratio >= targets.createTicketRatio ? 'met' : 'MISSED'})`,
  ]);
  const header = ['', 'p50 / p95 / p99 ms (median run)', '', 'target'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  console.log(`\ncare: ${report.tickets} tickets, ${report.messages} messages, ${report.rate} req/s, load average ${report.machine.loadAverageAtStart.join(' ')} -> ${report.machine.loadAverageAtEnd.join(' ')}`);
  console.log(`${line(header)}\n${rows.map(line).join('\n')}`);
}
