import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { AppError } from '../src/platform/errors.js';
import { createMailTransport } from '../src/platform/mail/transport.js';
import { ManualClock } from '../src/platform/clock.js';
import type { DatabaseHandle } from '../src/platform/db/client.js';
import { openTestDatabase, testConfig } from './harness.js';

let handle: DatabaseHandle;
let app: FastifyInstance;
const logLines: string[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const config = testConfig({ LOG_LEVEL: 'info' });
  app = await buildApp({ db: handle.db, driver: handle.driver, clock: new ManualClock(), config, logger: pino({ level: 'info' }, sink), mail: createMailTransport(undefined) });
  app.get('/api/v1/test-crash', async () => {
    throw new Error('secret internal detail');
  });
  app.get('/api/v1/test-app-error', async () => {
    throw new AppError('conflict', 'Already there', { errors: [{ field: 'name', message: 'is taken' }] });
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await handle?.close();
});

describe('error responses', () => {
  it('an unknown error is logged with the request id and answered with a generic 500 problem', async () => {
    const response = await app.inject({ url: '/api/v1/test-crash', headers: { 'x-request-id': 'req-crash-1' } });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json();
    expect(body).toMatchObject({ code: 'internal', status: 500, requestId: 'req-crash-1' });
    expect(response.body).not.toContain('secret internal detail');
    const logged = logLines.find((line) => line.includes('secret internal detail'));
    expect(logged).toBeDefined();
    expect(logged).toContain('req-crash-1');
  });

  it('an AppError maps its code to a status and keeps the per-field errors', async () => {
    const response = await app.inject({ url: '/api/v1/test-app-error' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'conflict', detail: 'Already there', errors: [{ field: 'name', message: 'is taken' }] });
  });

  it('an unknown route is a 404 problem, and every response carries a CSP and nosniff', async () => {
    const response = await app.inject({ url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
