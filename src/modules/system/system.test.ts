import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { registerJobHandler } from '../../platform/jobs/handlers.js';
import { enqueueJob } from '../../platform/jobs/queue.js';
import { drainJobs, runDueJobs } from '../../platform/jobs/worker.js';

let test: TestApp;
let admin: SignedIn;
let healthy = false;
beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  registerJobHandler('test.webhook', async () => {
    if (!healthy) throw new Error('receiver is down');
  });
});
afterAll(async () => {
  await test?.close();
});

describe('dead letter', () => {
  it('a job that keeps failing ends up dead, visible to admins, and a retry runs it again', async () => {
    await enqueueJob(test.runtime.db, { name: 'test.webhook', maxAttempts: 2, runAt: test.clock.now() });
    await runDueJobs(test.runtime);
    const failedOnce = (await test.app.inject({ url: '/api/v1/jobs?name=test.webhook', headers: admin.headers })).json().items[0];
    expect(failedOnce).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error: receiver is down' });
    // Backoff: the retry waits (5 s after the first failure) instead of running again at once.
    expect(new Date(failedOnce.runAt).getTime()).toBe(test.clock.now().getTime() + 5_000);
    await runDueJobs(test.runtime);
    expect((await test.app.inject({ url: '/api/v1/jobs?name=test.webhook', headers: admin.headers })).json().items[0].attempts).toBe(1);
    test.clock.advance(5_000);
    await runDueJobs(test.runtime);
    const dead = await test.app.inject({ url: '/api/v1/jobs?status=dead', headers: admin.headers });
    const [job] = dead.json().items;
    expect(job).toMatchObject({ name: 'test.webhook', status: 'dead', attempts: 2, lastError: 'Error: receiver is down' });
    expect((await test.app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/retry`, headers: admin.headers })).statusCode).toBe(204);
    // Only dead jobs can be retried.
    expect((await test.app.inject({ method: 'POST', url: `/api/v1/jobs/${job.id}/retry`, headers: admin.headers })).statusCode).toBe(409);
    expect((await test.app.inject({ method: 'POST', url: '/api/v1/jobs/999999/retry', headers: admin.headers })).statusCode).toBe(404);
    healthy = true;
    await drainJobs(test.runtime);
    const done = await test.app.inject({ url: '/api/v1/jobs?name=test.webhook', headers: admin.headers });
    expect(done.json().items[0].status).toBe('done');
    const history = await test.app.inject({ url: `/api/v1/events?recordType=job&recordId=${job.id}`, headers: admin.headers });
    expect(history.json().items[0].action).toBe('job.retried');
  });

  it('needs the jobs right', async () => {
    const agent = await signIn(test, { rightKeys: ['access.users.read'] });
    expect((await test.app.inject({ url: '/api/v1/jobs', headers: agent.headers })).statusCode).toBe(403);
  });
});

describe('outbox', () => {
  it('shows mail queued by the password reset flow, with its body', async () => {
    const agent = await signIn(test, { rightKeys: [], email: 'outbox-reader@example.com' });
    await test.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'outbox-reader@example.com' } });
    await drainJobs(test.runtime);
    const list = await test.app.inject({ url: '/api/v1/outbox', headers: admin.headers });
    const [mail] = list.json().items;
    expect(mail).toMatchObject({ toAddress: 'outbox-reader@example.com', status: 'stored', subject: 'Reset your Patron password' });
    const one = await test.app.inject({ url: `/api/v1/outbox/${mail.id}`, headers: admin.headers });
    expect(one.json().textBody).toContain('/reset-password?token=');
    expect((await test.app.inject({ url: '/api/v1/outbox', headers: agent.headers })).statusCode).toBe(403);
  });
});
