import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../../test/harness.js';
import { events } from '../../../platform/events/events.tables.js';
import { ticketStatuses, ticketTypes } from '../care-config.tables.js';
import { ensureCareDefaults } from '../care.seed.js';

let test: TestApp;
let admin: SignedIn;
type Status = { id: string; name: string; state: string; position: number; version: number };
let byName: Record<string, Status>;

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = admin, headers: Record<string, string> = {}) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: { ...who.headers, ...headers }, payload });
const eventsOf = async (recordId: string, action: string) => test.runtime.db.select().from(events).where(and(eq(events.recordId, recordId), eq(events.action, action)));
const reload = async () => {
  const items = (await call('GET', '/ticket-statuses')).json().items as Status[];
  byName = Object.fromEntries(items.map((s) => [s.name, s]));
  return items;
};

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  await reload();
});
afterAll(async () => {
  await test?.close();
});

describe('out-of-the-box configuration', () => {
  it('has the default statuses in order, covering every state but temporarily resolved', async () => {
    const items = await reload();
    expect(items.map((s) => [s.name, s.state])).toEqual([
      ['New', 'pending'],
      ['In Process', 'responded'],
      ['On Hold', 'responded'],
      ['Resolved', 'final_resolved'],
      ['Completed', 'completed'],
      ['Cancelled', 'cancelled'],
    ]);
  });

  it('has a valid default type, departments and reasons, and running the defaults again changes nothing', async () => {
    const general = (await call('GET', '/ticket-types')).json().items.find((t: { isDefault: boolean }) => t.isDefault);
    expect(general).toMatchObject({ name: 'General request', code: 'GENERAL', completeWithin: { amount: 3, unit: 'days' } });
    expect(general.statuses).toHaveLength(6);
    const defaults = general.statuses.filter((s: { isDefault: boolean }) => s.isDefault).map((s: { statusId: string }) => s.statusId);
    expect(defaults.sort()).toEqual(['New', 'In Process', 'Resolved', 'Completed', 'Cancelled'].map((n) => byName[n]!.id).sort());
    const categories = (await call('GET', '/ticket-categories')).json().items as { id: string; name: string }[];
    const defaultCategories = general.categories.filter((c: { isDefault: boolean }) => c.isDefault).map((c: { categoryId: string }) => categories.find((x) => x.id === c.categoryId)!.name);
    expect(defaultCategories.sort()).toEqual(['Answer', 'General question', 'Solution']);
    const departments = (await call('GET', '/departments')).json().items.map((d: { name: string }) => d.name);
    expect(departments).toEqual(expect.arrayContaining(['General', 'Sales', 'Customer Support']));
    expect((await call('GET', '/cancellation-reasons')).json().items.map((r: { name: string }) => r.name).sort()).toEqual(['Customer withdrew', 'Duplicate', 'Opened by mistake']);
    await ensureCareDefaults(test.runtime.db);
    const [statusCount] = await test.runtime.db.select({ n: count() }).from(ticketStatuses);
    const [typeCount] = await test.runtime.db.select({ n: count() }).from(ticketTypes);
    expect([Number(statusCount!.n), Number(typeCount!.n)]).toEqual([6, 1]);
    expect((await eventsOf(general.id, 'ticket_type.created'))[0]!.actorLabel).toBe('system:care-defaults');
  });
});

describe('statuses', () => {
  it('renames and reorders with a version, answers a stale version with 412, and audits the change', async () => {
    const onHold = byName['On Hold']!;
    const renamed = await call('PATCH', `/ticket-statuses/${onHold.id}`, { name: 'Waiting', position: 9 }, admin, { 'if-match': `W/"${onHold.version}"` });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.headers.etag).toBe(`W/"${onHold.version + 1}"`);
    expect((await reload()).at(-1)!.name).toBe('Waiting');
    const stale = await call('PATCH', `/ticket-statuses/${onHold.id}`, { version: onHold.version, name: 'Lost' });
    expect(stale.statusCode).toBe(412);
    const [event] = await eventsOf(onHold.id, 'ticket_status.updated');
    expect(event!.changes).toEqual({ name: { from: 'On Hold', to: 'Waiting' }, position: { from: 2, to: 9 } });
    const duplicate = await call('POST', '/ticket-statuses', { name: 'waiting', state: 'pending' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().errors[0].field).toBe('name');
  });

  it('creates and deletes a status, auditing both', async () => {
    const created = await call('POST', '/ticket-statuses', { name: 'Triage', state: 'pending', position: 1 });
    expect(created.statusCode, created.body).toBe(201);
    expect((await call('DELETE', `/ticket-statuses/${created.json().id}`)).statusCode).toBe(204);
    expect(await eventsOf(created.json().id, 'ticket_status.created')).toHaveLength(1);
    expect(await eventsOf(created.json().id, 'ticket_status.deleted')).toHaveLength(1);
  });

  it('refuses to delete or remap the last status of a state, and to delete a status a type uses', async () => {
    const lastDelete = await call('DELETE', `/ticket-statuses/${byName['Cancelled']!.id}`);
    expect(lastDelete.statusCode).toBe(422);
    expect(lastDelete.json().errors[0].field).toBe('id');
    const lastRemap = await call('PATCH', `/ticket-statuses/${byName['Completed']!.id}`, { version: byName['Completed']!.version, state: 'responded' });
    expect(lastRemap.statusCode).toBe(422);
    expect(lastRemap.json().errors[0].field).toBe('state');
    const used = await call('DELETE', `/ticket-statuses/${byName['Waiting']!.id}`);
    expect(used.statusCode).toBe(409);
  });

  it('remaps a status the default type uses and keeps the type valid', async () => {
    const waiting = byName['Waiting']!;
    const moved = await call('PATCH', `/ticket-statuses/${waiting.id}`, { version: waiting.version, state: 'temporarily_resolved' });
    expect(moved.statusCode, moved.body).toBe(200);
    const general = (await call('GET', '/ticket-types')).json().items[0];
    expect(general.statuses.find((s: { statusId: string }) => s.statusId === waiting.id).isDefault).toBe(true);
    // In Process is now the only responded status: moving it away would empty that state.
    const inProcess = byName['In Process']!;
    const refused = await call('PATCH', `/ticket-statuses/${inProcess.id}`, { version: inProcess.version, state: 'pending' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('state');
  });

  it('reorders every status at once, refuses an outdated list, and audits the new order', async () => {
    const items = await reload();
    const reversed = items.map((s) => s.id).reverse();
    const reordered = await call('PUT', '/ticket-statuses/order', { statusIds: reversed });
    expect(reordered.statusCode, reordered.body).toBe(200);
    expect(reordered.json().items.map((s: Status) => s.id)).toEqual(reversed);
    expect(reordered.json().items.map((s: Status) => s.position)).toEqual(reversed.map((_, index) => index));
    expect((await reload()).map((s) => s.id)).toEqual(reversed);
    const [event] = await eventsOf('order', 'ticket_status.reordered');
    expect(event!.changes).toEqual({ order: { from: items.map((s) => s.id), to: reversed } });

    const missing = await call('PUT', '/ticket-statuses/order', { statusIds: reversed.slice(1) });
    expect(missing.statusCode).toBe(412);
    const twice = await call('PUT', '/ticket-statuses/order', { statusIds: [...reversed.slice(1), reversed[1]] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].field).toBe('statusIds');
    expect((await reload()).map((s) => s.id)).toEqual(reversed);
  });

  it('lets agents read statuses but not change them', async () => {
    const agent = await signIn(test, { rightKeys: ['care.tickets.work'] });
    expect((await call('GET', '/ticket-statuses', undefined, agent)).statusCode).toBe(200);
    expect((await call('POST', '/ticket-statuses', { name: 'Nope', state: 'pending' }, agent)).statusCode).toBe(403);
    expect((await call('PATCH', `/ticket-statuses/${byName['New']!.id}`, { version: 1, name: 'Nope' }, agent)).statusCode).toBe(403);
    expect((await call('DELETE', `/ticket-statuses/${byName['New']!.id}`, undefined, agent)).statusCode).toBe(403);
    expect((await call('PUT', '/ticket-statuses/order', { statusIds: [byName['New']!.id] }, agent)).statusCode).toBe(403);
  });

  it('shows a status history to those who may see the settings', async () => {
    const reader = await signIn(test, { rightKeys: ['care.config.read'] });
    const agent = await signIn(test, { rightKeys: ['care.tickets.work'] });
    const history = await call('GET', `/history/ticket_status/${byName['New']!.id}`, undefined, reader);
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().items.map((e: { action: string }) => e.action)).toContain('ticket_status.created');
    expect((await call('GET', `/history/ticket_status/${byName['New']!.id}`, undefined, agent)).statusCode).toBe(403);
  });
});
