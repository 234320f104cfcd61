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
// `npm test -- <filters>` narrows every run; a run that then has no matching files is not a failure.
const extraArgs = process.argv.length > 2 ? [...process.argv.slice(2), '--passWithNoTests'] : [];
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
    // A file that fails outside its tests (a crashing beforeAll, an import error) has no failed
    // test to count, only skipped ones: count the file itself.
    const brokenFiles = (summary.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
    ).length;
    totals.failed += (summary.numFailedTests ?? 0) + brokenFiles;
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
} else {
  console.log('\nSkipping the browser journeys: e2e/vitest.config.ts does not exist yet.');
}

if (totals.skipped) console.log(`\n(${totals.skipped} tests skipped or todo)`);
// The last line, exactly this shape: CI reads it.
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(anyFailed ? 1 : 0);
