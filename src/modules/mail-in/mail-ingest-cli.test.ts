import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { mailFixture } from '../../../test/mail-fixtures.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-mail-ingest-'));

function ingest(raw: Buffer, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['bin/patron.mjs', 'mail', 'ingest', '--recipient', 'support@shop.test', '--sender', 'bounce@example.test'], {
    input: raw,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', SEED_DEMO: 'false', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('patron mail ingest', () => {
  it('exits 0 once the message is stored, and 0 again for a redelivery that changes nothing', () => {
    const first = ingest(mailFixture('gmail-new-request.eml'));
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Stored \(new_ticket, ticket #\d+\)/);
    const again = ingest(mailFixture('gmail-new-request.eml'));
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('Already received');
    // The first run migrates a new embedded database, which takes a while on a busy machine.
  }, 180_000);

  it('exits 0 for a broken message, which is quarantined', () => {
    const result = ingest(mailFixture('no-sender.eml'));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Quarantined: no_sender');
  }, 60_000);

  it('exits 75 when the database cannot be reached, so the mail server retries', () => {
    const result = ingest(mailFixture('gmail-new-request.eml'), { DATABASE_URL: 'postgres://patron@127.0.0.1:1/unreachable' });
    expect(result.status, result.stderr).toBe(75);
    expect(result.stderr).toContain('try again later');
  }, 60_000);
});
