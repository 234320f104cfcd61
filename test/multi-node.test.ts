import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';

// Two app nodes and a worker on one PostgreSQL, as the README's "several nodes" section runs them.
const serverUrl = process.env.TEST_DATABASE_URL;
const databaseName = `patron_nodes_${process.pid}`;
const children: ChildProcess[] = [];
let databaseUrl = '';
const ports: number[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function start(role: string, port: number): ChildProcess {
  const child = spawn(process.execPath, ['bin/patron.mjs', 'serve', '--role', role], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: 'warn', ADMIN_EMAIL: 'nodes@example.com', ADMIN_PASSWORD: 'nodes password 1', SEED_DEMO: 'false', WORKER_POLL_MS: '100' },
    stdio: 'ignore',
  });
  children.push(child);
  return child;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(serverUrl)('several nodes on one PostgreSQL', () => {
  let client: pg.Client;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const url = new URL(serverUrl!);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    ports.push(await freePort(), await freePort());
    // The two web nodes start together: migrations run once, under the advisory lock.
    start('web', ports[0]!);
    start('web', ports[1]!);
    for (const port of ports) await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok, `node on ${port}`);
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await Promise.all(
      children.map((child) => (child.exitCode === null ? new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }) : undefined)),
    );
    await client?.end();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  });

  it('a session opened on one node works on the other, and only a worker node runs jobs', async () => {
    const login = await fetch(`http://127.0.0.1:${ports[0]}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nodes@example.com', password: 'nodes password 1' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const me = await fetch(`http://127.0.0.1:${ports[1]}/api/v1/me`, { headers: { cookie } });
    expect(me.status).toBe(200);

    const reset = await fetch(`http://127.0.0.1:${ports[1]}/api/v1/auth/password-reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nodes@example.com' }),
    });
    expect(reset.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Web-only nodes leave the job alone...
    const pending = await client.query(`SELECT status FROM outgoing_mails`);
    expect(pending.rows.map((r) => r.status)).toEqual(['queued']);
    // ...until a worker node joins and delivers it.
    start('worker', await freePort());
    await waitFor(async () => (await client.query(`SELECT status FROM outgoing_mails`)).rows[0]?.status === 'stored', 'the worker to deliver the mail');
    const jobs = await client.query(`SELECT status, attempts FROM jobs WHERE name = 'mail.send'`);
    expect(jobs.rows).toEqual([{ status: 'done', attempts: 1 }]);
  });
});
