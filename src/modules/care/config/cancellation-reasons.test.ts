import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../../test/harness.js';
import { events } from '../../../platform/events/events.tables.js';

let test: TestApp;
let admin: SignedIn;
let cancelledStatusId: string;

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = admin) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });
const eventsOf = async (recordId: string, action: string) => test.runtime.db.select().from(events).where(and(eq(events.recordId, recordId), eq(events.action, action)));
const reasonNames = async () => (await call('GET', '/cancellation-reasons')).json().items.map((r: { name: string }) => r.name);

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  cancelledStatusId = (await call('GET', '/ticket-statuses')).json().items.find((s: { state: string }) => s.state === 'cancelled').id;
});
afterAll(async () => {
  await test?.close();
});

describe('cancellation reasons', () => {
  it('renames with a version, refuses a stale version and a taken name, and audits the change', async () => {
    const created = await call('POST', '/cancellation-reasons', { name: 'Spam' });
    expect(created.statusCode, created.body).toBe(201);
    const reason = created.json();
    expect(reason.version).toBe(1);
    const renamed = await call('PATCH', `/cancellation-reasons/${reason.id}`, { version: reason.version, name: 'Spam or abuse' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toEqual({ id: reason.id, name: 'Spam or abuse', version: 2 });
    expect(await reasonNames()).toContain('Spam or abuse');
    expect((await call('PATCH', `/cancellation-reasons/${reason.id}`, { version: reason.version, name: 'Lost' })).statusCode).toBe(412);
    const taken = await call('PATCH', `/cancellation-reasons/${reason.id}`, { version: 2, name: 'duplicate' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].field).toBe('name');
    const [event] = await eventsOf(reason.id, 'cancellation_reason.updated');
    expect(event!.changes).toEqual({ name: { from: 'Spam', to: 'Spam or abuse' } });
  });

  it('deletes an unused reason and takes it off the types that offered it', async () => {
    const reason = (await call('POST', '/cancellation-reasons', { name: 'Test order' })).json();
    const general = (await call('GET', '/ticket-types')).json().items.find((t: { isDefault: boolean }) => t.isDefault);
    const offered = await call('PATCH', `/ticket-types/${general.id}`, { version: general.version, cancellationReasons: [{ reasonId: reason.id, isDefault: true }] });
    expect(offered.statusCode, offered.body).toBe(200);
    expect((await call('DELETE', `/cancellation-reasons/${reason.id}`)).statusCode).toBe(204);
    expect(await reasonNames()).not.toContain('Test order');
    expect((await call('GET', `/ticket-types/${general.id}`)).json().cancellationReasons).toEqual([]);
    expect(await eventsOf(reason.id, 'cancellation_reason.deleted')).toHaveLength(1);
    expect((await call('DELETE', `/cancellation-reasons/${reason.id}`)).statusCode).toBe(404);
  });

  it('keeps a reason a cancelled ticket gives', async () => {
    const reason = (await call('POST', '/cancellation-reasons', { name: 'Customer found it' })).json();
    const ticket = (await call('POST', '/tickets', { subject: 'Lost parcel', contact: { name: 'Ann Buyer', email: 'ann@example.com' }, openedBy: 'customer', channel: 'portal', message: { body: 'Where is it?' } })).json();
    const cancelled = await call('POST', `/tickets/${ticket.number}/transitions`, { version: ticket.version, statusId: cancelledStatusId, cancellationReasonId: reason.id });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const refused = await call('DELETE', `/cancellation-reasons/${reason.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('Cancelled tickets');
    expect(await reasonNames()).toContain('Customer found it');
  });

  it('lets agents read reasons but not change them', async () => {
    const agent = await signIn(test, { rightKeys: ['care.tickets.work'] });
    const [reason] = (await call('GET', '/cancellation-reasons', undefined, agent)).json().items;
    expect((await call('PATCH', `/cancellation-reasons/${reason.id}`, { version: reason.version, name: 'Nope' }, agent)).statusCode).toBe(403);
    expect((await call('DELETE', `/cancellation-reasons/${reason.id}`, undefined, agent)).statusCode).toBe(403);
  });
});
