import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../../test/harness.js';
import { events } from '../../../platform/events/events.tables.js';
import { resolvePriority } from '../ticket-type-rules.js';

// Categories, the priority model, cancellation reasons and departments.
let test: TestApp;
let admin: SignedIn;
let agent: SignedIn;

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, who: SignedIn = admin) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });
const eventsOf = async (recordId: string, action: string) => test.runtime.db.select().from(events).where(and(eq(events.recordId, recordId), eq(events.action, action)));

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  agent = await signIn(test, { rightKeys: ['care.tickets.work', 'care.tickets.read'] });
});
afterAll(async () => {
  await test?.close();
});

describe('categories', () => {
  it('builds a tree with paths, listed parents first, and refuses cycles', async () => {
    const hardware = (await call('POST', '/ticket-categories', { kind: 'request', name: 'Hardware', classification: 'incident' })).json();
    const printers = (await call('POST', '/ticket-categories', { kind: 'request', name: 'Printers', classification: 'incident', parentId: hardware.id })).json();
    const laser = await call('POST', '/ticket-categories', { kind: 'request', name: 'Laser', classification: 'incident', parentId: printers.id });
    expect(laser.statusCode, laser.body).toBe(201);
    expect(laser.json().path).toBe('Hardware / Printers / Laser');
    const paths = (await call('GET', '/ticket-categories?kind=request')).json().items.map((c: { path: string }) => c.path);
    expect(paths.indexOf('Hardware')).toBeLessThan(paths.indexOf('Hardware / Printers'));
    expect(paths.indexOf('Hardware / Printers')).toBeLessThan(paths.indexOf('Hardware / Printers / Laser'));

    for (const parentId of [laser.json().id, hardware.id]) {
      const cycle = await call('PATCH', `/ticket-categories/${hardware.id}`, { version: hardware.version, parentId });
      expect(cycle.statusCode).toBe(422);
      expect(cycle.json().errors[0].field).toBe('parentId');
    }
    const moved = await call('PATCH', `/ticket-categories/${printers.id}`, { version: printers.version, parentId: null, name: 'Printing' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().path).toBe('Printing');
    expect((await call('GET', '/ticket-categories?kind=request')).json().items.map((c: { path: string }) => c.path)).toContain('Printing / Laser');
    const [event] = await eventsOf(printers.id, 'ticket_category.updated');
    expect(event!.changes).toEqual({ parentId: { from: hardware.id, to: null }, name: { from: 'Printers', to: 'Printing' } });
  });

  it('checks classification, acceptance and parent kind', async () => {
    const cases: [object, string][] = [
      [{ kind: 'request', name: 'No class' }, 'classification'],
      [{ kind: 'response', name: 'Classified', classification: 'advice' }, 'classification'],
      [{ kind: 'request', name: 'Accept', classification: 'advice', requiresAcceptance: true }, 'requiresAcceptance'],
    ];
    for (const [body, field] of cases) {
      const response = await call('POST', '/ticket-categories', body);
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
    const fix = await call('POST', '/ticket-categories', { kind: 'temporary_resolution', name: 'Workaround', requiresAcceptance: true });
    expect(fix.json()).toMatchObject({ classification: null, requiresAcceptance: true, path: 'Workaround' });
    const request = (await call('GET', '/ticket-categories?kind=request')).json().items[0];
    const wrongKind = await call('POST', '/ticket-categories', { kind: 'response', name: 'Reply', parentId: request.id });
    expect(wrongKind.json().errors[0].field).toBe('parentId');
  });
});

describe('priority model', () => {
  it('completes the matrix, takes explicit cells and level changes, and serves the engine', async () => {
    const model = (await call('GET', '/priority-model')).json();
    expect([model.impacts.length, model.urgencies.length, model.priorities.length, model.matrix.length]).toEqual([3, 3, 5, 9]);
    expect(model.matrix.every((cell: { explicit: boolean }) => !cell.explicit)).toBe(true);
    const [high, medium, low] = model.impacts;
    const [uHigh, uMedium, uLow] = model.urgencies;
    const label = (id: string | null) => model.priorities.find((p: { id: string }) => p.id === id)?.label;
    expect(label((await resolvePriority(test.runtime.db, high.id, uHigh.id)).priorityId)).toBe('Critical');
    expect(label((await resolvePriority(test.runtime.db, low.id, uLow.id)).priorityId)).toBe('Planning');
    expect(await resolvePriority(test.runtime.db, undefined, undefined)).toMatchObject({ impactId: medium.id, urgencyId: uMedium.id });

    const critical = model.priorities[0].id;
    const updated = await call('PUT', '/priority-model', {
      matrix: [{ impactId: medium.id, urgencyId: uMedium.id, priorityId: critical }],
      impacts: [{ id: low.id, enabled: false }],
      urgencies: [{ id: uHigh.id, isDefault: true, label: 'Now' }],
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const after = updated.json();
    expect(after.matrix).toHaveLength(6);
    expect(after.matrix.filter((c: { explicit: boolean }) => c.explicit)).toEqual([{ impactId: medium.id, urgencyId: uMedium.id, priorityId: critical, explicit: true }]);
    expect(after.urgencies.filter((u: { isDefault: boolean }) => u.isDefault).map((u: { label: string }) => u.label)).toEqual(['Now']);
    expect((await resolvePriority(test.runtime.db, medium.id, uMedium.id)).priorityId).toBe(critical);
    // A disabled level gives no priority: the engine refuses it, naming the field.
    await expect(resolvePriority(test.runtime.db, low.id, uLow.id)).rejects.toThrow(/impact/);
    expect(await resolvePriority(test.runtime.db, undefined, undefined)).toMatchObject({ impactId: medium.id, urgencyId: uHigh.id });
    expect(await eventsOf('priority_model', 'priority_model.updated')).toHaveLength(2);

    const wrongKind = await call('PUT', '/priority-model', { matrix: [{ impactId: critical, urgencyId: uLow.id, priorityId: critical }] });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors[0].field).toBe('matrix.0.impactId');
    const disabledDefault = await call('PUT', '/priority-model', { matrix: [], impacts: [{ id: medium.id, enabled: false }] });
    expect(disabledDefault.json().errors[0].field).toBe('impacts');
    expect((await call('PUT', '/priority-model', { matrix: [] }, agent)).statusCode).toBe(403);
    expect((await call('GET', '/priority-model')).json().matrix.filter((c: { explicit: boolean }) => c.explicit)).toHaveLength(1);
  });
});

describe('cancellation reasons and departments', () => {
  it('creates reasons once, audited', async () => {
    const created = await call('POST', '/cancellation-reasons', { name: 'Spam' });
    expect(created.statusCode).toBe(201);
    expect((await call('POST', '/cancellation-reasons', { name: 'spam' })).statusCode).toBe(409);
    expect(await eventsOf(created.json().id, 'cancellation_reason.created')).toHaveLength(1);
  });

  it('creates departments as business units and filters by customer visibility', async () => {
    const created = await call('POST', '/departments', { name: 'Back office', email: 'back@example.com', visibleToCustomers: false });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ email: 'back@example.com', visibleToCustomers: false, memberIds: [] });
    const hidden = (await call('GET', '/departments?visibleToCustomers=false')).json().items.map((d: { name: string }) => d.name);
    const visible = (await call('GET', '/departments?visibleToCustomers=true')).json().items.map((d: { name: string }) => d.name);
    expect(hidden).toEqual(['Back office']);
    expect(visible).toEqual(expect.arrayContaining(['General', 'Sales', 'Customer Support']));
    expect(await eventsOf(created.json().id, 'business_unit.created')).toHaveLength(1);
  });

  it('refuses care settings writes without care.config.manage', async () => {
    expect((await call('POST', '/departments', { name: 'Rogue' }, agent)).statusCode).toBe(403);
    expect((await call('POST', '/cancellation-reasons', { name: 'Rogue' }, agent)).statusCode).toBe(403);
    expect((await call('POST', '/ticket-categories', { kind: 'response', name: 'Rogue' }, agent)).statusCode).toBe(403);
    expect((await call('GET', '/ticket-categories', undefined, agent)).statusCode).toBe(200);
  });
});
