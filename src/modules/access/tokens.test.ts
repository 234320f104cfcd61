import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../../platform/events/events.tables.js';
import { apiTokens } from './access.tables.js';
import { createApiTokenForUser } from './tokens.service.js';

let test: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
});
afterAll(async () => {
  await test?.close();
});

async function newToken(payload: object, headers = admin.headers) {
  const response = await test.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { token: string; apiToken: { id: string; prefix: string } };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens', () => {
  it('authenticate with Authorization: Bearer, without CSRF, and are stored only hashed', async () => {
    const { token, apiToken } = await newToken({ name: 'Storefront' });
    expect(token).toMatch(/^ptk_/);
    const created = await test.app.inject({ method: 'POST', url: '/api/v1/business-units', headers: bearer(token), payload: { name: 'Via token' } });
    expect(created.statusCode).toBe(201);
    const [row] = await test.runtime.db.select().from(apiTokens).where(eq(apiTokens.id, apiToken.id));
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    const listed = await test.app.inject({ url: '/api/v1/api-tokens', headers: admin.headers });
    expect(listed.body).not.toContain(token);
    expect(listed.json().items[0].prefix).toBe(token.slice(0, 12));
  });

  it('scopes narrow what a token of an admin can do', async () => {
    const { token } = await newToken({ name: 'Read only', scopes: ['access.users.read'] });
    expect((await test.app.inject({ url: '/api/v1/users', headers: bearer(token) })).statusCode).toBe(200);
    const write = await test.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(token), payload: { email: 'scoped@example.com', name: 'S' } });
    expect(write.statusCode).toBe(403);
    const me = await test.app.inject({ url: '/api/v1/me', headers: bearer(token) });
    expect(me.json().rights).toEqual(['access.users.read']);
  });

  it('a scoped token cannot mint a wider token', async () => {
    const { token } = await newToken({ name: 'Narrow', scopes: ['access.users.read'] });
    const wider = await test.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: bearer(token), payload: { name: 'Wider', scopes: ['access.users.manage'] } });
    expect(wider.statusCode).toBe(403);
    const unscoped = await test.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: bearer(token), payload: { name: 'Unscoped' } });
    expect(unscoped.statusCode).toBe(201);
    expect(unscoped.json().apiToken.scopes).toEqual(['access.users.read']);
    const minted = unscoped.json().token as string;
    const write = await test.app.inject({ method: 'POST', url: '/api/v1/users', headers: bearer(minted), payload: { email: 'minted@example.com', name: 'M' } });
    expect(write.statusCode).toBe(403);
  });

  it('the CLI service creates a token for a user by email, and its event holds no secret', async () => {
    const agent = await signIn(test, { rightKeys: ['access.users.read'], email: 'cli-token@example.com' });
    const { token, apiToken } = await createApiTokenForUser(test.ctx(), { email: 'CLI-Token@example.com', name: 'ERP', scopes: ['access.users.read'] });
    expect(apiToken.userId).toBe(agent.userId);
    expect((await test.app.inject({ url: '/api/v1/users', headers: bearer(token) })).statusCode).toBe(200);
    const [event] = await test.runtime.db.select().from(events).where(eq(events.recordId, apiToken.id));
    expect(event!.action).toBe('api_token.created');
    expect(JSON.stringify(event)).not.toContain(token);
    await expect(createApiTokenForUser(test.ctx(), { email: 'nobody@example.com', name: 'x' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('a revoked, expired or unknown token, or one of a disabled user, gets 401', async () => {
    const { token, apiToken } = await newToken({ name: 'To revoke' });
    expect((await test.app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${apiToken.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await test.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(401);

    const expiring = await newToken({ name: 'Short', expiresAt: new Date(test.clock.now().getTime() + 60_000).toISOString() });
    expect((await test.app.inject({ url: '/api/v1/me', headers: bearer(expiring.token) })).statusCode).toBe(200);
    test.clock.advance(120_000);
    expect((await test.app.inject({ url: '/api/v1/me', headers: bearer(expiring.token) })).statusCode).toBe(401);

    expect((await test.app.inject({ url: '/api/v1/me', headers: bearer('ptk_made-up') })).statusCode).toBe(401);

    const agent = await signIn(test, { rightKeys: ['access.users.read'] });
    const agentToken = await newToken({ name: 'Agent token' }, agent.headers);
    await test.app.inject({ method: 'PATCH', url: `/api/v1/users/${agent.userId}`, headers: admin.headers, payload: { version: 1, disabled: true } });
    expect((await test.app.inject({ url: '/api/v1/me', headers: bearer(agentToken.token) })).statusCode).toBe(401);
  });

  it('staff see and revoke only their own tokens unless they may manage tokens', async () => {
    const agent = await signIn(test, { rightKeys: [] });
    const mine = await newToken({ name: 'Mine' }, agent.headers);
    const adminToken = await newToken({ name: 'Admin own' });
    const listed = await test.app.inject({ url: '/api/v1/api-tokens', headers: agent.headers });
    expect(listed.json().items.map((t: { id: string }) => t.id)).toEqual([mine.apiToken.id]);
    expect((await test.app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${adminToken.apiToken.id}`, headers: agent.headers })).statusCode).toBe(403);
    const scopeTooWide = await test.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: agent.headers, payload: { name: 'Wide', scopes: ['access.users.manage'] } });
    expect(scopeTooWide.statusCode).toBe(403);
    const past = await test.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: agent.headers, payload: { name: 'Past', expiresAt: '2000-01-01T00:00:00Z' } });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('expiresAt');
  });
});
