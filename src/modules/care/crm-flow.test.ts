import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';

// CRM.COM's richer model, reached by configuration alone: a type whose transitions are limited
// to a unit, a department that must accept, and a resolution the customer has to accept.
let test: TestApp;
let admin: SignedIn;
let statuses: Record<string, { id: string; state: string }>;
let categories: { id: string; name: string; kind: string }[];
let supportUnitId: string;
let member: SignedIn;
let outsider: SignedIn;
let typeId: string;

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, who: SignedIn = admin) => test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  const work = ['care.tickets.read', 'care.tickets.work', 'care.tickets.create'];
  member = await signIn(test, { rightKeys: work });
  outsider = await signIn(test, { rightKeys: work });
  statuses = Object.fromEntries(((await call('GET', '/ticket-statuses')).json().items as { id: string; name: string; state: string }[]).map((s) => [s.name, s]));
  categories = (await call('GET', '/ticket-categories')).json().items;
  const unit = await call('POST', '/departments', { name: 'Second line', email: 'second-line@example.com', memberIds: [member.userId] });
  supportUnitId = unit.json().id;
  // Memberships are read at sign-in time: sign the member in again.
  member = await signIn(test, { rightKeys: work });
  await call('PATCH', `/business-units/${supportUnitId}`, { version: 1, memberIds: [member.userId] });
  const byName = (name: string) => categories.find((c) => c.name === name)!.id;
  const type = await call('POST', '/ticket-types', {
    name: 'Incident',
    completeWithin: { amount: 4, unit: 'hours' },
    recalculateOnRespond: true,
    statuses: ['New', 'In Process', 'Resolved', 'Completed', 'Cancelled'].map((name) => ({ statusId: statuses[name]!.id })),
    transitions: [{ fromStatusId: statuses['New']!.id, toStatusId: statuses['In Process']!.id, unitIds: [supportUnitId] }],
    categories: [{ categoryId: byName('Problem'), isDefault: true }, { categoryId: byName('Answer') }, { categoryId: byName('Solution needing confirmation'), isDefault: true }],
  });
  expect(type.statusCode, type.body).toBe(201);
  expect(type.json().code).toBe('INCIDENT');
  typeId = type.json().id;
});
afterAll(async () => {
  await test?.close();
});

describe('the CRM.COM flow, configured', () => {
  it('department assignment, acceptance by a member, unit-restricted transition, and a resolution the customer must accept', async () => {
    const created = await call('POST', '/tickets', { typeId, subject: 'Printer on fire', contact: { name: 'Cy Customer', email: 'cy@example.com' }, departmentId: supportUnitId, impactId: undefined });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = created.json();
    expect(ticket.assigneeId).toBeNull();
    expect(ticket.priorityId).not.toBeNull();

    // Someone outside the department can neither accept it nor make the restricted move.
    expect((await call('POST', `/tickets/${ticket.number}/accept`, undefined, outsider)).statusCode).toBe(403);
    const accepted = await call('POST', `/tickets/${ticket.number}/accept`, undefined, member);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().assigneeId).toBe(member.userId);
    const refused = await call('POST', `/tickets/${ticket.number}/transitions`, { version: accepted.json().version, statusId: statuses['In Process']!.id }, outsider);
    expect(refused.statusCode).toBe(403);

    const responded = await call('POST', `/tickets/${ticket.number}/transitions`, { version: accepted.json().version, statusId: statuses['In Process']!.id, message: { body: 'On it' } }, member);
    expect(responded.statusCode, responded.body).toBe(200);

    const resolved = await call('POST', `/tickets/${ticket.number}/transitions`, { version: responded.json().version, statusId: statuses['Resolved']!.id, message: { body: 'Replaced the fuser' } }, member);
    expect(resolved.json()).toMatchObject({ state: 'final_resolved', acceptance: 'awaiting' });

    // Completion waits for the customer's acceptance; the answer says where it may go instead.
    const early = await call('POST', `/tickets/${ticket.number}/transitions`, { version: resolved.json().version, statusId: statuses['Completed']!.id }, member);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('transition_not_allowed');
    expect(early.json().allowedNextStatusIds).not.toContain(statuses['Completed']!.id);

    // The customer rejects: back to responded, asking for another solution.
    const rejected = await call('POST', `/tickets/${ticket.number}/acceptance`, { version: resolved.json().version, accepted: false, comment: 'Still smoking' }, member);
    expect(rejected.json()).toMatchObject({ state: 'responded', acceptance: 'rejected', statusId: statuses['In Process']!.id });

    const again = await call('POST', `/tickets/${ticket.number}/transitions`, { version: rejected.json().version, statusId: statuses['Resolved']!.id }, member);
    const yes = await call('POST', `/tickets/${ticket.number}/acceptance`, { version: again.json().version, accepted: true }, member);
    expect(yes.json().acceptance).toBe('accepted');
    const done = await call('POST', `/tickets/${ticket.number}/transitions`, { version: yes.json().version, statusId: statuses['Completed']!.id }, member);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().state).toBe('completed');

    const history = (await call('GET', `/tickets/${ticket.number}/history?limit=200`)).json().items.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['ticket.accepted', 'ticket.solution_rejected', 'ticket.solution_accepted', 'ticket.status_changed']));
  });

  it('a type may limit who creates its tickets to some units', async () => {
    const limited = await call('POST', '/ticket-types', {
      name: 'Internal change',
      statuses: ['New', 'In Process', 'Resolved', 'Completed', 'Cancelled'].map((name) => ({ statusId: statuses[name]!.id })),
      creatorUnitIds: [supportUnitId],
    });
    expect(limited.statusCode, limited.body).toBe(201);
    const byOutsider = await call('POST', '/tickets', { typeId: limited.json().id, subject: 'x', contact: { name: 'y' } }, outsider);
    expect(byOutsider.statusCode).toBe(403);
    const byMember = await call('POST', '/tickets', { typeId: limited.json().id, subject: 'x', contact: { name: 'y' } }, member);
    expect(byMember.statusCode, byMember.body).toBe(201);
  });
});

describe('configuration rules', () => {
  it('ships a working default configuration', async () => {
    const types = (await call('GET', '/ticket-types')).json().items;
    const general = types.find((t: { isDefault: boolean }) => t.isDefault);
    expect(general).toMatchObject({ name: 'General request', code: 'GENERAL' });
    const model = (await call('GET', '/priority-model')).json();
    expect(model.matrix).toHaveLength(9);
    const departments = (await call('GET', '/departments?visibleToCustomers=true')).json().items.map((d: { name: string }) => d.name);
    expect(departments).toEqual(expect.arrayContaining(['General', 'Sales', 'Customer Support']));
  });

  it('a type needs a status for every state but temporarily resolved, and one default where there are several', async () => {
    const missing = await call('POST', '/ticket-types', { name: 'Broken', statuses: [{ statusId: statuses['New']!.id }] });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('statuses');
    const twoDefaults = await call('POST', '/ticket-types', {
      name: 'Ambiguous',
      statuses: ['New', 'In Process', 'On Hold', 'Completed', 'Cancelled'].map((name) => ({ statusId: statuses[name]!.id })),
    });
    expect(twoDefaults.statusCode).toBe(400);
    expect(twoDefaults.json().detail).toContain('responded');
  });

  it('the last status of a state cannot go, statuses can be renamed, and changes are audited', async () => {
    const cancelled = statuses['Cancelled']!;
    const last = await test.app.inject({ method: 'DELETE', url: `/api/v1/ticket-statuses/${cancelled.id}`, headers: admin.headers });
    expect(last.statusCode).toBe(422);
    const renamed = await call('PATCH', `/ticket-statuses/${statuses['On Hold']!.id}`, { version: 1, name: 'Waiting for parts' });
    expect(renamed.json().name).toBe('Waiting for parts');
    const audit = (await call('GET', `/events?recordType=ticket_status&recordId=${statuses['On Hold']!.id}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'ticket_status.updated', changes: { name: { from: 'On Hold', to: 'Waiting for parts' } } });
    const agent = await signIn(test, { rightKeys: ['care.tickets.work'] });
    expect((await call('POST', '/ticket-statuses', { name: 'Nope', state: 'pending' }, agent)).statusCode).toBe(403);
    expect((await call('GET', '/ticket-statuses', undefined, agent)).statusCode).toBe(200);
  });

  it('categories form trees of one kind, with paths', async () => {
    const parent = (await call('POST', '/ticket-categories', { kind: 'request', name: 'Hardware', classification: 'incident' })).json();
    const child = await call('POST', '/ticket-categories', { kind: 'request', name: 'Printers', classification: 'incident', parentId: parent.id });
    expect(child.json().path).toBe('Hardware / Printers');
    const wrongKind = await call('POST', '/ticket-categories', { kind: 'response', name: 'Reply', parentId: parent.id });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors[0].field).toBe('parentId');
  });
});
