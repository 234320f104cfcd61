import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { registerTicketAssignmentHook } from './index.js';

let test: TestApp;
let admin: SignedIn;
let departments: Record<string, string>;

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  const listed = (await test.app.inject({ url: '/api/v1/departments', headers: admin.headers })).json().items as { id: string; name: string }[];
  departments = Object.fromEntries(listed.map((d) => [d.name, d.id]));
});
afterAll(async () => {
  await test?.close();
});

const open = async (body: object) => {
  const response = await test.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: admin.headers, payload: { contact: { name: 'Hook Customer', email: 'hook@example.com' }, ...body } });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { number: number; departmentId: string | null; assigneeId: string | null };
};

describe('the auto-assignment hook', () => {
  it('fills the department and assignee a new ticket left empty, never overrides a choice, and counts the ticket where it lands', async () => {
    const unregister = registerTicketAssignmentHook(async (_db, facts) => (/invoice/i.test(facts.subject) ? { departmentId: departments['Sales'], assigneeId: admin.userId } : undefined));
    try {
      const countsIn = async (departmentId: string) =>
        ((await test.app.inject({ url: `/api/v1/tickets/counts?departmentId=${departmentId}`, headers: admin.headers })).json().items as { count: number }[]).reduce((sum, c) => sum + c.count, 0);
      const salesBefore = await countsIn(departments['Sales']!);
      const routed = await open({ subject: 'Invoice is wrong' });
      expect(routed).toMatchObject({ departmentId: departments['Sales'], assigneeId: admin.userId });
      expect(await countsIn(departments['Sales']!)).toBe(salesBefore + 1);

      const chosen = await open({ subject: 'Invoice question', departmentId: departments['General'] });
      expect(chosen).toMatchObject({ departmentId: departments['General'], assigneeId: admin.userId });
      const untouched = await open({ subject: 'Where is my parcel?' });
      expect(untouched).toMatchObject({ departmentId: null, assigneeId: null });
    } finally {
      unregister();
    }
    expect((await open({ subject: 'Invoice after the rule is gone' })).departmentId).toBeNull();
  });
});
