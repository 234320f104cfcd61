import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-cli-'));
let server: ChildProcess | undefined;
let port = 0;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => resolve(address.port));
    });
    probe.on('error', reject);
  });
}

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['bin/patron.mjs', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function waitForReady(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server did not become ready:\n${output}`);
}

beforeAll(async () => {
  port = await freePort();
  server = spawn(process.execPath, ['bin/patron.mjs', 'serve'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '', SEED_DEMO: 'true', ADMIN_EMAIL: '', ADMIN_PASSWORD: '' },
  });
  server.stdout!.on('data', (chunk) => (output += chunk));
  server.stderr!.on('data', (chunk) => (output += chunk));
  await waitForReady();
});

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('patron serve on the embedded database', () => {
  it('on first start creates admin@example.com with a random password printed once, which works', async () => {
    const match = /admin@example\.com with password\s+(\S+)/.exec(output);
    expect(match).not.toBeNull();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: match![1] }),
    });
    expect(response.status).toBe(200);
  });

  it('serves /healthz and /readyz', async () => {
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'pglite' });
  });

  it('a second process on the same data directory fails with a clear message', () => {
    const second = cli(['migrate']);
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain('already in use by another Patron process');
  });
});

describe('one-shot commands once the server has stopped', () => {
  it('user create adds a user who can then sign in', async () => {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server!.kill('SIGTERM');
    await exited;
    const created = cli(['user', 'create', '--email', 'cli-user@example.com', '--password', 'cli password 123', '--admin']);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toContain('Created user cli-user@example.com');
    const duplicate = cli(['user', 'create', '--email', 'cli-user@example.com', '--password', 'cli password 123']);
    expect(duplicate.status).not.toBe(0);
    expect(duplicate.stderr).toContain('already exists');
    const usage = cli(['user', 'create', '--email', 'x@example.com']);
    expect(usage.status).not.toBe(0);
  });

  it('token create prints a working API token once', async () => {
    const created = cli(['token', 'create', '--email', 'cli-user@example.com', '--name', 'ERP sync', '--scopes', 'access.users.read']);
    expect(created.status, created.stderr).toBe(0);
    const token = created.stdout.trim().split('\n').pop()!;
    expect(token).toMatch(/^ptk_/);
    const unknown = cli(['token', 'create', '--email', 'nobody@example.com', '--name', 'x']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('no user has the email');
    // Start the server again and use the token.
    const restarted = spawn(process.execPath, ['bin/patron.mjs', 'serve'], { env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '' } });
    server = restarted;
    await waitForReady();
    const users = await fetch(`http://127.0.0.1:${port}/api/v1/users`, { headers: { authorization: `Bearer ${token}` } });
    expect(users.status).toBe(200);
    const create = await fetch(`http://127.0.0.1:${port}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'scoped@example.com', name: 'Scoped' }),
    });
    // The token is scoped to reading users, so its admin owner's other rights don't come with it.
    expect(create.status).toBe(403);
  });

  it('backup and restore work from the CLI, and restore is refused while a server holds the data', async () => {
    const file = path.join(os.tmpdir(), `patron-cli-backup-${process.pid}.gz`);
    expect(cli(['restore', file]).stderr).toContain('already in use');
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server!.kill('SIGTERM');
    await exited;
    const backup = cli(['backup', file]);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/Backed up \d+ rows/);
    expect(cli(['user', 'create', '--email', 'after-backup@example.com', '--password', 'after backup 123']).status).toBe(0);
    const restore = cli(['restore', file]);
    expect(restore.status, restore.stderr).toBe(0);
    // The user created after the backup is gone again; the one before it is back.
    expect(cli(['user', 'create', '--email', 'after-backup@example.com', '--password', 'after backup 123']).status).toBe(0);
    expect(cli(['user', 'create', '--email', 'cli-user@example.com', '--password', 'cli password 123']).stderr).toContain('already exists');
    fs.rmSync(file, { force: true });
  });
});
