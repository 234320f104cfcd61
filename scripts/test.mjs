#!/usr/bin/env node
// `npm test`: the suite on PGlite, again on PostgreSQL when a server is reachable, then the browser
// journeys. Ends with one line "N passed, N failed" summed over every run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const localDefault = 'postgres://postgres@127.0.0.1:5432/postgres';
const isCi = process.env.CI === 'true' || process.env.CI === '1';
const extraArgs = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0 };
let anyFailed = false;

async function reachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function runVitest(label, args, env) {
  const report = path.join(os.tmpdir(), `patron-vitest-${process.pid}-${label.replace(/\W+/g, '-')}.json`);
  fs.rmSync(report, { force: true });
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  let counted = false;
  if (fs.existsSync(report)) {
    const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += summary.numPassedTests ?? 0;
    totals.failed += summary.numFailedTests ?? 0;
    totals.skipped += (summary.numPendingTests ?? 0) + (summary.numTodoTests ?? 0);
    counted = true;
    fs.rmSync(report, { force: true });
  }
  if (result.status !== 0) {
    anyFailed = true;
    // A run that crashed before reporting still counts as a failure.
    if (!counted) totals.failed += 1;
  }
}

runVitest('PGlite (embedded)', [], { TEST_DATABASE_URL: '' });

const postgresUrl = process.env.TEST_DATABASE_URL || localDefault;
if (await reachable(postgresUrl)) {
  runVitest('PostgreSQL', [], { TEST_DATABASE_URL: postgresUrl });
} else if (process.env.TEST_DATABASE_URL || isCi) {
  console.error(`\nPostgreSQL at ${postgresUrl} is not reachable, and CI/TEST_DATABASE_URL asks for it.`);
  anyFailed = true;
  totals.failed += 1;
} else {
  console.log(`\nSkipping the PostgreSQL run: no server at ${postgresUrl} (set TEST_DATABASE_URL to run it).`);
}

if (fs.existsSync('e2e/vitest.config.ts')) {
  runVitest('browser journeys (Chromium)', ['--config', 'e2e/vitest.config.ts'], { TEST_DATABASE_URL: '' });
}

const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(anyFailed ? 1 : 0);
