import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';

let test: TestApp;
let admin: SignedIn;
let userId: string;
beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  const created = await test.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload: { email: 'audited@example.com', name: 'Audited' } });
  userId = created.json().id;
  await test.app.inject({ method: 'PATCH', url: `/api/v1/users/${userId}`, headers: admin.headers, payload: { version: 1, name: 'Audited Renamed' } });
  for (let i = 0; i < 3; i += 1) await test.app.inject({ method: 'POST', url: '/api/v1/business-units', headers: admin.headers, payload: { name: `Unit ${i}` } });
});
afterAll(async () => {
  await test?.close();
});

describe('audit log', () => {
  it('lists events newest first with filters, and pages through them', async () => {
    const all = await test.app.inject({ url: `/api/v1/events?actorId=${admin.userId}&recordType=business_unit`, headers: admin.headers });
    expect(all.statusCode).toBe(200);
    const items = all.json().items as { recordType: string; action: string; id: number; actorId: string }[];
    expect(items).toHaveLength(3);
    expect(items.map((e) => e.id)).toEqual([...items.map((e) => e.id)].sort((a, b) => b - a));
    expect(items.every((e) => e.actorId === admin.userId)).toBe(true);

    const byAction = await test.app.inject({ url: '/api/v1/events?action=user.*&actorId=' + admin.userId, headers: admin.headers });
    expect(byAction.json().items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['user.created', 'user.updated']));

    const first = await test.app.inject({ url: `/api/v1/events?actorId=${admin.userId}&recordType=business_unit&limit=2`, headers: admin.headers });
    const second = await test.app.inject({ url: `/api/v1/events?actorId=${admin.userId}&recordType=business_unit&limit=2&cursor=${first.json().nextCursor}`, headers: admin.headers });
    expect([...first.json().items, ...second.json().items].map((e: { id: number }) => e.id)).toEqual(items.map((e) => e.id));
    expect(second.json().nextCursor).toBeNull();

    const byPrefix = await test.app.inject({ url: `/api/v1/events?action=business_unit.*&actorId=${admin.userId}`, headers: admin.headers });
    expect(byPrefix.json().items.map((e: { id: number }) => e.id)).toEqual(items.map((e) => e.id));
    const forged = await test.app.inject({ url: `/api/v1/events?cursor=${Buffer.from('{"sort":1,"id":"x"}').toString('base64url')}`, headers: admin.headers });
    expect(forged.statusCode).toBe(400);

    const future = await test.app.inject({ url: '/api/v1/events?from=2999-01-01T00:00:00Z', headers: admin.headers });
    expect(future.json().items).toEqual([]);
    const bad = await test.app.inject({ url: '/api/v1/events?from=yesterday', headers: admin.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.from');
  });

  it('needs the audit right', async () => {
    const agent = await signIn(test, { rightKeys: ['access.users.read'] });
    expect((await test.app.inject({ url: '/api/v1/events', headers: agent.headers })).statusCode).toBe(403);
    const auditor = await signIn(test, { rightKeys: ['audit.events.read'] });
    expect((await test.app.inject({ url: '/api/v1/events', headers: auditor.headers })).statusCode).toBe(200);
  });
});

describe('record history', () => {
  it("shows a user's changes with their diff to anyone who may read users", async () => {
    const reader = await signIn(test, { rightKeys: ['access.users.read'] });
    const history = await test.app.inject({ url: `/api/v1/history/user/${userId}`, headers: reader.headers });
    expect(history.statusCode).toBe(200);
    const [updated, created] = history.json().items;
    expect(created.action).toBe('user.created');
    expect(updated).toMatchObject({ action: 'user.updated', changes: { name: { from: 'Audited', to: 'Audited Renamed' } }, actorLabel: expect.stringContaining('@') });
    const outsider = await signIn(test, { rightKeys: [] });
    expect((await test.app.inject({ url: `/api/v1/history/user/${userId}`, headers: outsider.headers })).statusCode).toBe(403);
    expect((await test.app.inject({ url: `/api/v1/history/invoice/1`, headers: reader.headers })).statusCode).toBe(403);
  });
});
