// The customer-care benchmark on PostgreSQL (see care-bench.ts):
// `npm run bench:care -- --tickets 1000000 --seconds 20 [--rate 50] [--repeat 3] [--parts reads,create] [--keep] [--reuse]`.
// --keep leaves the seeded database in place and --reuse measures it again instead of reseeding
// (seeding 1M tickets takes minutes). Writes bench/results/care-<time>.json and latest-care.json.
import { parseArgs } from 'node:util';
import { benchCare } from './care-bench.js';
import { postgresReachable } from './foundation.js';
import { printCareReport, writeCareReport } from './care-report.js';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '50' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '3' },
    parts: { type: 'string', default: 'reads,create' },
  },
});
const tickets = Number(values.tickets);
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const repeat = Number(values.repeat);
if (!Number.isInteger(tickets) || tickets < 1 || !(seconds > 0) || !(rate > 0) || !Number.isInteger(repeat) || repeat < 1) {
  throw new Error('Usage: bench:care -- --tickets N --seconds S --rate R --repeat K [--keep] [--reuse]');
}
const parts = values.parts!.split(',').map((part) => part.trim());
if (parts.some((part) => part !== 'reads' && part !== 'create')) throw new Error('--parts is a list of reads and create');
const server = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

if (!(await postgresReachable(server))) {
  console.log(`skipped: no PostgreSQL at ${server}`);
  process.exit(0);
}
const report = await benchCare({ server, tickets, seconds, rate, repeat, parts: { reads: parts.includes('reads'), create: parts.includes('create') }, keep: values.keep || values.reuse, reuse: values.reuse, log: (line) => console.log(`  ${line}`) });
printCareReport(report);
console.log(`written to ${writeCareReport(report)}`);
process.exit(0);
