import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../../test/harness.js';
import { events } from '../../../platform/events/events.tables.js';

let test: TestApp;
let admin: SignedIn;

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, who: SignedIn = admin, headers: Record<string, string> = {}) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: { ...who.headers, ...headers }, payload });
const eventsOf = async (recordId: string, action: string) => test.runtime.db.select().from(events).where(and(eq(events.recordId, recordId), eq(events.action, action)));

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
});
afterAll(async () => {
  await test?.close();
});

describe('departments', () => {
  it('updates name, visibility, notification email and members with a version, and audits the change', async () => {
    const member = await signIn(test, { rightKeys: ['care.tickets.work'] });
    const created = await call('POST', '/departments', { name: 'Returns', email: 'returns@example.com' });
    expect(created.statusCode, created.body).toBe(201);
    const department = created.json();
    const updated = await call(
      'PATCH',
      `/departments/${department.id}`,
      { name: 'Returns & refunds', visibleToCustomers: false, email: 'refunds@example.com', memberIds: [member.userId] },
      admin,
      { 'if-match': `W/"${department.version}"` },
    );
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.headers.etag).toBe(`W/"${department.version + 1}"`);
    expect(updated.json()).toMatchObject({ name: 'Returns & refunds', visibleToCustomers: false, email: 'refunds@example.com', memberIds: [member.userId] });
    const hidden = (await call('GET', '/departments?visibleToCustomers=false')).json().items.map((d: { name: string }) => d.name);
    expect(hidden).toContain('Returns & refunds');
    const [event] = await eventsOf(department.id, 'business_unit.updated');
    expect(event!.changes).toMatchObject({ name: { from: 'Returns', to: 'Returns & refunds' }, visibleToCustomers: { from: true, to: false }, email: { from: 'returns@example.com', to: 'refunds@example.com' } });

    const stale = await call('PATCH', `/departments/${department.id}`, { version: department.version, name: 'Lost update' });
    expect(stale.statusCode).toBe(412);
    expect(await eventsOf(department.id, 'business_unit.updated')).toHaveLength(1);
  });

  it('names the bad field and refuses a taken name', async () => {
    const [general] = (await call('GET', '/departments')).json().items.filter((d: { name: string }) => d.name === 'General');
    const badEmail = await call('PATCH', `/departments/${general.id}`, { version: general.version, email: 'not an email' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().errors[0].field).toBe('body.email');
    const taken = await call('PATCH', `/departments/${general.id}`, { version: general.version, name: 'Sales' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].field).toBe('name');
    const unknownMember = await call('PATCH', `/departments/${general.id}`, { version: general.version, memberIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(unknownMember.statusCode).toBe(400);
    expect(unknownMember.json().errors[0].field).toMatch(/^memberIds/);
  });

  it('needs the care settings right and the right to manage units', async () => {
    const [sales] = (await call('GET', '/departments')).json().items.filter((d: { name: string }) => d.name === 'Sales');
    const careOnly = await signIn(test, { rightKeys: ['care.config.manage'] });
    const unitsOnly = await signIn(test, { rightKeys: ['access.units.manage'] });
    expect((await call('PATCH', `/departments/${sales.id}`, { version: sales.version, name: 'Nope' }, careOnly)).statusCode).toBe(403);
    expect((await call('PATCH', `/departments/${sales.id}`, { version: sales.version, name: 'Nope' }, unitsOnly)).statusCode).toBe(403);
    const both = await signIn(test, { rightKeys: ['care.config.manage', 'access.units.manage'] });
    expect((await call('PATCH', `/departments/${sales.id}`, { version: sales.version, description: 'Quotes and orders' }, both)).statusCode).toBe(200);
  });
});
