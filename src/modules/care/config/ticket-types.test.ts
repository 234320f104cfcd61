import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../../test/harness.js';
import { events } from '../../../platform/events/events.tables.js';
import { defaultTicketTypeId, loadTicketTypeRules } from '../ticket-type-rules.js';

let test: TestApp;
let admin: SignedIn;
let status: Record<string, string>;
let category: Record<string, string>;

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = admin) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });
const eventsOf = async (recordId: string, action: string) => test.runtime.db.select().from(events).where(and(eq(events.recordId, recordId), eq(events.action, action)));
const statuses = (...names: string[]) => names.map((name) => ({ statusId: status[name]! }));
const basic = ['New', 'In Process', 'Resolved', 'Completed', 'Cancelled'];
const expectInvalid = (response: Awaited<ReturnType<typeof call>>, field: string) => {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.json().errors[0].field).toBe(field);
};

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  status = Object.fromEntries((await call('GET', '/ticket-statuses')).json().items.map((s: { name: string; id: string }) => [s.name, s.id]));
  category = Object.fromEntries((await call('GET', '/ticket-categories')).json().items.map((c: { name: string; id: string }) => [c.name, c.id]));
});
afterAll(async () => {
  await test?.close();
});

describe('ticket types', () => {
  it('generates unique codes from the name and keeps a single default type', async () => {
    const first = await call('POST', '/ticket-types', { name: 'Warranty return', isDefault: true, statuses: statuses(...basic) });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ code: 'WARRANTY-RETURN', isDefault: true });
    const second = await call('POST', '/ticket-types', { name: 'Warranty return!', code: '', statuses: statuses(...basic) });
    expect(second.json().code).toBe('WARRANTY-RETURN-2');
    expect((await call('POST', '/ticket-types', { name: 'warranty RETURN', statuses: statuses(...basic) })).statusCode).toBe(409);
    const defaults = () => call('GET', '/ticket-types').then((r) => r.json().items.filter((t: { isDefault: boolean }) => t.isDefault).map((t: { name: string }) => t.name));
    expect(await defaults()).toEqual(['Warranty return']);
    expect(await defaultTicketTypeId(test.runtime.db)).toBe(first.json().id);

    const general = (await call('GET', '/ticket-types')).json().items.find((t: { code: string }) => t.code === 'GENERAL');
    const back = await call('PATCH', `/ticket-types/${general.id}`, { version: general.version, isDefault: true });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.headers.etag).toBe(`W/"${general.version + 1}"`);
    expect(await defaults()).toEqual(['General request']);
    expect((await call('PATCH', `/ticket-types/${general.id}`, { version: general.version, description: 'stale' })).statusCode).toBe(412);
    expect(await eventsOf(general.id, 'ticket_type.updated')).toHaveLength(1);
    expect(await eventsOf(first.json().id, 'ticket_type.created')).toHaveLength(1);
  });

  it('needs a status per state but temporarily resolved, with one default where a state has several', async () => {
    expectInvalid(await call('POST', '/ticket-types', { name: 'No completion', statuses: statuses('New', 'In Process', 'Resolved', 'Cancelled') }), 'statuses');
    expectInvalid(await call('POST', '/ticket-types', { name: 'Two responded', statuses: statuses(...basic, 'On Hold') }), 'statuses');
    const chosen = await call('POST', '/ticket-types', {
      name: 'Two responded',
      statuses: [...statuses(...basic), { statusId: status['On Hold']!, isDefault: true }],
    });
    expect(chosen.statusCode, chosen.body).toBe(201);
    const defaults = chosen.json().statuses.filter((s: { isDefault: boolean }) => s.isDefault).map((s: { statusId: string }) => s.statusId);
    expect(defaults.sort()).toEqual([status['New'], status['On Hold'], status['Resolved'], status['Completed'], status['Cancelled']].sort());
  });

  it('refuses transitions to statuses the type does not allow, unknown units, and two default categories of a kind', async () => {
    expectInvalid(
      await call('POST', '/ticket-types', { name: 'Foreign', statuses: statuses(...basic), transitions: [{ fromStatusId: status['New']!, toStatusId: status['On Hold']! }] }),
      'transitions',
    );
    expectInvalid(await call('POST', '/ticket-types', { name: 'Units', statuses: statuses(...basic), creatorUnitIds: [randomUUID()] }), 'creatorUnitIds');
    expectInvalid(
      await call('POST', '/ticket-types', {
        name: 'Two defaults',
        statuses: statuses(...basic),
        categories: [{ categoryId: category['Solution']!, isDefault: true }, { categoryId: category['Solution needing confirmation']!, isDefault: true }],
      }),
      'categories',
    );
  });

  it('returns every rule it stores, and the engine reads them', async () => {
    const units = (await call('GET', '/departments')).json().items as { id: string; name: string }[];
    const sales = units.find((u) => u.name === 'Sales')!.id;
    const reasons = (await call('GET', '/cancellation-reasons')).json().items as { id: string }[];
    const body = {
      name: 'Sales lead',
      description: 'A prospect asks for an offer',
      completeWithin: { amount: 4, unit: 'hours' },
      recalculateOnRespond: true,
      statuses: statuses(...basic),
      transitions: [{ fromStatusId: status['New']!, toStatusId: status['In Process']!, userIds: [admin.userId], unitIds: [sales] }],
      categories: [{ categoryId: category['Problem']! }],
      cancellationReasons: [{ reasonId: reasons[0]!.id, isDefault: true }],
      creatorUnitIds: [sales],
    };
    const created = await call('POST', '/ticket-types', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ ...body, categories: [{ categoryId: category['Problem'], isDefault: true }] });
    const got = await call('GET', `/ticket-types/${created.json().id}`);
    expect(got.headers.etag).toBe('W/"1"');
    const rules = await loadTicketTypeRules(test.runtime.db, created.json().id);
    expect(rules).toMatchObject({ cancellationReasonIds: [reasons[0]!.id], creatorUnitIds: [sales], transitions: [{ userIds: [admin.userId], unitIds: [sales] }] });
    expect(rules.statuses.find((s) => s.name === 'New')).toMatchObject({ state: 'pending', isDefault: true });
  });

  it('deletes an unused type but not one that tickets use, and needs care.config.manage to write', async () => {
    const spare = (await call('POST', '/ticket-types', { name: 'Spare', statuses: statuses(...basic) })).json();
    expect((await call('DELETE', `/ticket-types/${spare.id}`)).statusCode).toBe(204);
    expect(await eventsOf(spare.id, 'ticket_type.deleted')).toHaveLength(1);
    const general = (await call('GET', '/ticket-types')).json().items.find((t: { code: string }) => t.code === 'GENERAL');
    const ticket = await call('POST', '/tickets', { typeId: general.id, subject: 'Hello', contact: { name: 'Cy' } });
    expect(ticket.statusCode, ticket.body).toBe(201);
    expect((await call('DELETE', `/ticket-types/${general.id}`)).statusCode).toBe(409);
    const agent = await signIn(test, { rightKeys: ['care.tickets.work', 'care.config.read'] });
    expect((await call('GET', '/ticket-types', undefined, agent)).statusCode).toBe(200);
    expect((await call('POST', '/ticket-types', { name: 'Rogue', statuses: statuses(...basic) }, agent)).statusCode).toBe(403);
    expect((await call('PATCH', `/ticket-types/${general.id}`, { version: 1, name: 'Rogue' }, agent)).statusCode).toBe(403);
    expect((await call('DELETE', `/ticket-types/${general.id}`, undefined, agent)).statusCode).toBe(403);
  });
});
