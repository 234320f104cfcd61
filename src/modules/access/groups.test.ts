import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../../platform/events/events.tables.js';

let test: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
});
afterAll(async () => {
  await test?.close();
});

const post = (url: string, payload: object, headers = admin.headers) => test.app.inject({ method: 'POST', url, headers, payload });

describe('groups and rights', () => {
  it('creates, edits with a version, and deletes a group, writing an event for each', async () => {
    const created = await post('/api/v1/groups', { name: 'Support', rightKeys: ['access.users.read'] });
    expect(created.statusCode).toBe(201);
    const group = created.json();
    expect(group.rightKeys).toEqual(['access.users.read']);
    const duplicate = await post('/api/v1/groups', { name: 'support' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].field).toBe('name');
    const updated = await test.app.inject({ method: 'PATCH', url: `/api/v1/groups/${group.id}`, headers: { ...admin.headers, 'if-match': 'W/"1"' }, payload: { rightKeys: ['access.users.read', 'access.units.read'] } });
    expect(updated.statusCode).toBe(200);
    const stale = await test.app.inject({ method: 'PATCH', url: `/api/v1/groups/${group.id}`, headers: { ...admin.headers, 'if-match': 'W/"1"' }, payload: { name: 'Lost' } });
    expect(stale.statusCode).toBe(412);
    const [change] = await test.runtime.db.select().from(events).where(and(eq(events.recordId, group.id), eq(events.action, 'group.updated')));
    expect(change!.changes).toEqual({ rightKeys: { from: ['access.users.read'], to: ['access.units.read', 'access.users.read'] } });
    expect((await test.app.inject({ method: 'DELETE', url: `/api/v1/groups/${group.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await test.app.inject({ url: `/api/v1/groups/${group.id}`, headers: admin.headers })).statusCode).toBe(404);
    const written = await test.runtime.db.select({ action: events.action }).from(events).where(eq(events.recordId, group.id));
    expect(written.map((e) => e.action).sort()).toEqual(['group.created', 'group.deleted', 'group.updated']);
  });

  it('answers with an ETag, rejects unknown fields, and records membership changes in the diff', async () => {
    const member = await signIn(test, { rightKeys: [] });
    const group = (await post('/api/v1/groups', { name: 'Etag group' })).json();
    const got = await test.app.inject({ url: `/api/v1/groups/${group.id}`, headers: admin.headers });
    expect(got.headers.etag).toBe('W/"1"');
    const unknownField = await test.app.inject({ method: 'PATCH', url: `/api/v1/groups/${group.id}`, headers: admin.headers, payload: { version: 1, colour: 'red' } });
    expect(unknownField.statusCode).toBe(400);
    const updated = await test.app.inject({ method: 'PATCH', url: `/api/v1/groups/${group.id}`, headers: admin.headers, payload: { version: 1, memberIds: [member.userId] } });
    expect(updated.headers.etag).toBe('W/"2"');
    const history = await test.app.inject({ url: `/api/v1/history/group/${group.id}`, headers: admin.headers });
    expect(history.json().items[0]).toMatchObject({ action: 'group.updated', changes: { memberIds: { from: [], to: [member.userId] } } });
    const forged = await test.app.inject({ url: `/api/v1/groups?cursor=${Buffer.from('{"sort":"a","id":"not-a-uuid"}').toString('base64url')}`, headers: admin.headers });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0].field).toBe('query.cursor');
  });

  it('a group member gets the group rights: can list users but not create them', async () => {
    const member = await signIn(test, { rightKeys: [] });
    await post('/api/v1/groups', { name: 'Readers', rightKeys: ['access.users.read'], memberIds: [member.userId] });
    expect((await test.app.inject({ url: '/api/v1/users', headers: member.headers })).statusCode).toBe(200);
    expect((await post('/api/v1/users', { email: 'x@example.com', name: 'X' }, member.headers)).statusCode).toBe(403);
    expect((await test.app.inject({ url: '/api/v1/groups', headers: member.headers })).statusCode).toBe(403);
  });

  it('custom rights are data: created, granted through a group, and reported to the UI', async () => {
    const right = await post('/api/v1/rights', { key: 'refunds.approve', label: 'Approve refunds' });
    expect(right.statusCode).toBe(201);
    expect(right.json()).toMatchObject({ key: 'custom.refunds.approve', module: 'custom', builtIn: false });
    const member = await signIn(test, { rightKeys: [] });
    await post('/api/v1/groups', { name: 'Refunders', rightKeys: ['custom.refunds.approve'], memberIds: [member.userId] });
    const me = await test.app.inject({ url: '/api/v1/me', headers: member.headers });
    expect(me.json().rights).toContain('custom.refunds.approve');
    const listed = await test.app.inject({ url: '/api/v1/rights', headers: member.headers });
    expect(listed.json().items.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining(['custom.refunds.approve', 'access.users.read', 'audit.events.read']));
    expect((await test.app.inject({ method: 'DELETE', url: '/api/v1/rights/access.users.read', headers: admin.headers })).statusCode).toBe(422);
    expect((await test.app.inject({ method: 'DELETE', url: '/api/v1/rights/custom.refunds.approve', headers: admin.headers })).statusCode).toBe(204);
    const after = await test.app.inject({ url: '/api/v1/me', headers: member.headers });
    expect(after.json().rights).not.toContain('custom.refunds.approve');
  });

  it('a manager cannot hand out rights they do not hold, and unknown rights are named', async () => {
    const manager = await signIn(test, { rightKeys: ['access.groups.manage', 'access.users.read'] });
    expect((await post('/api/v1/groups', { name: 'Ok', rightKeys: ['access.users.read'] }, manager.headers)).statusCode).toBe(201);
    const escalate = await post('/api/v1/groups', { name: 'Escalate', rightKeys: ['access.users.manage'] }, manager.headers);
    expect(escalate.statusCode).toBe(403);
    const unknown = await post('/api/v1/groups', { name: 'Unknown', rightKeys: ['no.such.right'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('rightKeys');
  });

  it('rights granted directly to a user work', async () => {
    const direct = await signIn(test, { rightKeys: ['access.groups.read'] });
    expect((await test.app.inject({ url: '/api/v1/groups', headers: direct.headers })).statusCode).toBe(200);
  });
});

describe('business units', () => {
  it('creates a unit with members, updates it, and refuses a duplicate name', async () => {
    const agent = await signIn(test, { rightKeys: [] });
    const created = await post('/api/v1/business-units', { name: 'Returns', email: 'returns@example.com', memberIds: [agent.userId] });
    expect(created.statusCode).toBe(201);
    const unit = created.json();
    expect(unit).toMatchObject({ memberIds: [agent.userId], visibleToCustomers: true });
    const me = await test.app.inject({ url: '/api/v1/me', headers: agent.headers });
    expect(me.json().unitIds).toEqual([unit.id]);
    const updated = await test.app.inject({ method: 'PATCH', url: `/api/v1/business-units/${unit.id}`, headers: admin.headers, payload: { version: 1, visibleToCustomers: false, memberIds: [] } });
    expect(updated.json()).toMatchObject({ visibleToCustomers: false, memberIds: [], version: 2 });
    expect((await post('/api/v1/business-units', { name: 'returns' })).statusCode).toBe(409);
    const badMember = await post('/api/v1/business-units', { name: 'Ghosts', memberIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(badMember.statusCode).toBe(400);
    expect(badMember.json().errors[0].field).toBe('memberIds');
    expect((await post('/api/v1/business-units', { name: 'Forbidden' }, agent.headers)).statusCode).toBe(403);
  });

  it('any staff member reads units; a stale edit gets 412; delete writes an event', async () => {
    const agent = await signIn(test, { rightKeys: [] });
    const unit = (await post('/api/v1/business-units', { name: 'Billing', memberIds: [agent.userId] })).json();
    const got = await test.app.inject({ url: `/api/v1/business-units/${unit.id}`, headers: agent.headers });
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('W/"1"');
    const listed = await test.app.inject({ url: '/api/v1/business-units?limit=200', headers: agent.headers });
    expect(listed.json().items.map((u: { id: string }) => u.id)).toContain(unit.id);
    await test.app.inject({ method: 'PATCH', url: `/api/v1/business-units/${unit.id}`, headers: admin.headers, payload: { version: 1, description: 'Invoices' } });
    const stale = await test.app.inject({ method: 'PATCH', url: `/api/v1/business-units/${unit.id}`, headers: { ...admin.headers, 'if-match': 'W/"1"' }, payload: { description: 'Lost' } });
    expect(stale.statusCode).toBe(412);
    expect((await test.app.inject({ method: 'DELETE', url: `/api/v1/business-units/${unit.id}`, headers: agent.headers })).statusCode).toBe(403);
    expect((await test.app.inject({ method: 'DELETE', url: `/api/v1/business-units/${unit.id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await test.app.inject({ url: `/api/v1/business-units/${unit.id}`, headers: admin.headers })).statusCode).toBe(404);
    const me = await test.app.inject({ url: '/api/v1/me', headers: agent.headers });
    expect(me.json().unitIds).toEqual([]);
    const written = await test.runtime.db.select({ action: events.action }).from(events).where(eq(events.recordId, unit.id));
    expect(written.map((e) => e.action).sort()).toEqual(['business_unit.created', 'business_unit.deleted', 'business_unit.updated']);
  });
});
