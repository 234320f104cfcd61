// Fixed-arrival-rate load for read benchmarks, run as a child process: a request starts every
// 1000/rate ms whether or not earlier ones finished, so slow responses cannot hide by slowing the
// client down. Usage: node bench/fixed-rate.mjs '<json options>'; prints one JSON line.
// An entry of `paths` may be a list: its requests start together, as a screen loads them, and the
// latency is until the last one has been read (a queue page is its list and its status counts).
const options = JSON.parse(process.argv[2]);
const interval = 1000 / options.rate;
const total = Math.round(options.rate * options.seconds);
const latencies = [];
let failures = 0;
let bytes = 0;
const started = performance.now();
const pending = [];

async function load(path) {
  const response = await fetch(`${options.baseUrl}${path}`, { headers: options.headers });
  bytes += (await response.arrayBuffer()).byteLength;
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
}

for (let i = 0; i < total; i += 1) {
  const due = started + i * interval;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const entry = options.paths[i % options.paths.length];
  const begin = performance.now();
  pending.push(
    Promise.all((Array.isArray(entry) ? entry : [entry]).map(load))
      .then(() => latencies.push(performance.now() - begin))
      .catch(() => {
        failures += 1;
      }),
  );
}
await Promise.all(pending);
latencies.sort((a, b) => a - b);
const at = (q) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
process.stdout.write(`${JSON.stringify({ requests: latencies.length, failures, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), meanBytes: Math.round(bytes / Math.max(1, total)) })}\n`);
