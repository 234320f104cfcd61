// Load generator for the HTTP half of a benchmark, run as a child process so the server under
// test keeps its own event loop and its RSS is not mixed with the client's.
// Usage: node bench/load.mjs '<json options>'; prints one JSON line with the autocannon result.
// `bodies` (optional) are JSON templates used in turn, with {run} and {n} replaced so that every
// request is new; without them each request creates a business unit.
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const run = randomBytes(4).toString('hex');
let counter = 0;
const bodies = options.bodies;

const result = await autocannon({
  url: options.url,
  connections: options.connections,
  duration: options.seconds,
  headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
  requests: [
    {
      method: 'POST',
      path: options.path,
      // Every request creates a new record, so every name must be new.
      setupRequest: (request) => {
        counter += 1;
        const template = bodies?.[counter % bodies.length];
        const body = template ? template.replaceAll('{run}', run).replaceAll('{n}', String(counter)) : JSON.stringify({ name: `bench-${run}-${counter}` });
        return { ...request, body };
      },
    },
  ],
});

process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    seconds: result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodeStats,
  })}\n`,
);
