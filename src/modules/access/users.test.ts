import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../../platform/events/events.tables.js';
import { idempotencyKeys } from '../../platform/http/http.tables.js';
import { users } from './access.tables.js';

let test: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
});
afterAll(async () => {
  await test?.close();
});

async function createUser(payload: Record<string, unknown>, headers = admin.headers) {
  return test.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload });
}

describe('users', () => {
  it('creates a user with a hashed password and writes a user.created event', async () => {
    const response = await createUser({ email: 'New.Agent@Example.com', name: 'New Agent', password: 'agent password 1' });
    expect(response.statusCode).toBe(201);
    const user = response.json();
    expect(user.email).toBe('new.agent@example.com');
    expect(response.headers.etag).toBe('W/"1"');
    const [row] = await test.runtime.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    const [event] = await test.runtime.db.select().from(events).where(and(eq(events.recordId, user.id), eq(events.action, 'user.created')));
    expect(event!.actorId).toBe(admin.userId);
    expect(JSON.stringify(event!.changes)).not.toContain('agent password 1');
  });

  it('answers 409 naming the field for a duplicate email, whatever its case', async () => {
    await createUser({ email: 'dup@example.com', name: 'One' });
    const second = await createUser({ email: 'DUP@example.com', name: 'Two' });
    expect(second.statusCode).toBe(409);
    expect(second.json().errors[0].field).toBe('email');
  });

  it('requires If-Match or version on PATCH, and answers 412 to a stale version', async () => {
    const created = (await createUser({ email: 'versioned@example.com', name: 'Versioned' })).json();
    const url = `/api/v1/users/${created.id}`;
    const missing = await test.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { name: 'No version' } });
    expect(missing.statusCode).toBe(428);
    const first = await test.app.inject({ method: 'PATCH', url, headers: { ...admin.headers, 'if-match': 'W/"1"' }, payload: { name: 'First edit' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('W/"2"');
    const stale = await test.app.inject({ method: 'PATCH', url, headers: { ...admin.headers, 'if-match': 'W/"1"' }, payload: { name: 'Lost update' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('precondition_failed');
    const viaBody = await test.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: { name: 'Second edit', version: 2 } });
    expect(viaBody.statusCode).toBe(200);
    const fetched = await test.app.inject({ url, headers: admin.headers });
    expect(fetched.json().name).toBe('Second edit');
    expect(fetched.headers.etag).toBe('W/"3"');
    const [updated] = await test.runtime.db.select().from(events).where(and(eq(events.recordId, created.id), eq(events.action, 'user.updated')));
    expect(updated!.changes).toEqual({ name: { from: 'Versioned', to: 'First edit' } });
  });

  it('disabling a user ends their sessions and stops their sign-in', async () => {
    const agent = await signIn(test, { rightKeys: ['access.users.read'], email: 'soon-disabled@example.com' });
    const response = await test.app.inject({ method: 'PATCH', url: `/api/v1/users/${agent.userId}`, headers: admin.headers, payload: { disabled: true, version: 1 } });
    expect(response.statusCode).toBe(200);
    expect((await test.app.inject({ url: '/api/v1/me', headers: { cookie: agent.cookie } })).statusCode).toBe(401);
    const login = await test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'soon-disabled@example.com', password: 'correct horse battery' } });
    expect(login.statusCode).toBe(401);
  });

  it('checks rights on the server: read-only staff can list but not create, and nobody but an admin makes admins', async () => {
    const reader = await signIn(test, { rightKeys: ['access.users.read'] });
    expect((await test.app.inject({ url: '/api/v1/users', headers: reader.headers })).statusCode).toBe(200);
    const denied = await createUser({ email: 'nope@example.com', name: 'Nope' }, reader.headers);
    expect(denied.statusCode).toBe(403);
    const manager = await signIn(test, { rightKeys: ['access.users.manage'] });
    const escalate = await createUser({ email: 'escalate@example.com', name: 'Escalate', isAdmin: true }, manager.headers);
    expect(escalate.statusCode).toBe(403);
    const grantOther = await createUser({ email: 'grant@example.com', name: 'Grant', rightKeys: ['access.groups.manage'] }, manager.headers);
    expect(grantOther.statusCode).toBe(403);
    const anonymous = await test.app.inject({ url: '/api/v1/users' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists with a search and cursor pagination that visits every user once', async () => {
    for (let i = 0; i < 5; i += 1) await createUser({ email: `page${i}@paging.example`, name: `Pager ${i}` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await test.app.inject({ url: `/api/v1/users?q=paging.example&limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: admin.headers });
      const page = response.json() as { items: { email: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((u) => u.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['page0@paging.example', 'page1@paging.example', 'page2@paging.example', 'page3@paging.example', 'page4@paging.example']);
  });

  it('an admin can set a password directly or email a reset link', async () => {
    const target = (await createUser({ email: 'reset-me@example.com', name: 'Reset Me', password: 'old password 123' })).json();
    const set = await test.app.inject({ method: 'POST', url: `/api/v1/users/${target.id}/password-reset`, headers: admin.headers, payload: { password: 'admin chosen pass' } });
    expect(set.json()).toEqual({ emailed: false });
    const login = await test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'reset-me@example.com', password: 'admin chosen pass' } });
    expect(login.statusCode).toBe(200);
    const emailed = await test.app.inject({ method: 'POST', url: `/api/v1/users/${target.id}/password-reset`, headers: admin.headers, payload: {} });
    expect(emailed.json()).toEqual({ emailed: true });
  });
});

describe('Idempotency-Key on POST', () => {
  it('replays the stored first response for a repeat with the same body, creating one record', async () => {
    const headers = { ...admin.headers, 'idempotency-key': 'create-once' };
    const payload = { email: 'idem@example.com', name: 'Idem' };
    const first = await createUser(payload, headers);
    const second = await createUser(payload, headers);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const rows = await test.runtime.db.select().from(users).where(eq(users.email, 'idem@example.com'));
    expect(rows).toHaveLength(1);
  });

  it('answers 422 when the key is reused with a different body', async () => {
    const headers = { ...admin.headers, 'idempotency-key': 'reused-key' };
    await createUser({ email: 'first-body@example.com', name: 'First' }, headers);
    const other = await createUser({ email: 'second-body@example.com', name: 'Second' }, headers);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('idempotency_key_reused');
    expect(await test.runtime.db.select().from(users).where(eq(users.email, 'second-body@example.com'))).toHaveLength(0);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const payload = { email: 'in-flight@example.com', name: 'In Flight' };
    // Start two requests together: the second finds the first one's key still marked running.
    const [a, b] = await Promise.all([
      createUser(payload, { ...admin.headers, 'idempotency-key': 'in-flight' }),
      createUser(payload, { ...admin.headers, 'idempotency-key': 'in-flight' }),
    ]);
    const statuses = [a.statusCode, b.statusCode].sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    // Deterministic check: a key recorded as running answers 409.
    await test.runtime.db.insert(idempotencyKeys).values({ ownerKey: `user:${admin.userId}`, key: 'stuck', requestHash: 'x' });
    const running = await createUser({ email: 'stuck@example.com', name: 'Stuck' }, { ...admin.headers, 'idempotency-key': 'stuck' });
    expect(running.statusCode).toBe(409);
    expect(running.json().code).toBe('request_in_progress');
  });
});
