import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';

let test: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
});
afterAll(async () => {
  await test?.close();
});

function call(method: 'GET' | 'POST', url: string, payload?: object) {
  return test.app.inject({ method, url: `/api/v1${url}`, headers: admin.headers, payload });
}

async function open(body: object) {
  const response = await call('POST', '/tickets', { contact: { name: 'Filter Customer', email: 'filters@example.com' }, ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { number: number; priorityId: string | null; createdAt: string };
}

const numbersOf = async (query: string) => ((await call('GET', `/tickets?limit=200&${query}`)).json().items as { number: number }[]).map((t) => t.number).sort((a, b) => a - b);

describe('queue filters', () => {
  it('narrow by type, priority, category, department, creation range and customer, and combine', async () => {
    const model = (await call('GET', '/priority-model')).json() as { impacts: { id: string; label: string }[]; urgencies: { id: string; label: string }[] };
    const high = { impactId: model.impacts.find((l) => l.label === 'High')!.id, urgencyId: model.urgencies.find((l) => l.label === 'High')!.id };
    const low = { impactId: model.impacts.find((l) => l.label === 'Low')!.id, urgencyId: model.urgencies.find((l) => l.label === 'Low')!.id };
    const statuses = (await call('GET', '/ticket-statuses')).json().items as { id: string; name: string }[];
    const created = await call('POST', '/ticket-types', { name: 'Returns', code: 'RET', statuses: statuses.filter((s) => s.name !== 'On Hold').map((s) => ({ statusId: s.id })) });
    expect(created.statusCode, created.body).toBe(201);
    const type = created.json() as { id: string };
    // A request category the default type allows.
    // A request category the default type allows but does not pick by itself.
    const defaultType = ((await call('GET', '/ticket-types')).json().items as { isDefault: boolean; categories: { categoryId: string; isDefault: boolean }[] }[]).find((t) => t.isDefault)!;
    const requestCategories = new Set(((await call('GET', '/ticket-categories?kind=request')).json().items as { id: string }[]).map((c) => c.id));
    const category = { id: defaultType.categories.find((c) => !c.isDefault && requestCategories.has(c.categoryId))!.categoryId };
    expect(category.id).toBeDefined();
    const department = (await call('GET', '/departments')).json().items[0] as { id: string };

    const early = await open({ subject: 'Early high', ...high });
    test.clock.advance(2 * 86_400_000);
    admin = await signIn(test);
    const returns = await open({ subject: 'Return please', typeId: type.id, ...low });
    const categorised = await open({ subject: 'Arrived broken', categoryId: category.id, departmentId: department.id, ...high });
    const other = await test.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: admin.headers, payload: { subject: 'Someone else', contact: { name: 'Other Person', email: 'other@example.com' } } });
    expect(other.statusCode).toBe(201);

    expect(await numbersOf(`typeId=${type.id}`)).toEqual([returns.number]);
    expect(early.priorityId).not.toBeNull();
    expect(await numbersOf(`priorityId=${early.priorityId}`)).toEqual([early.number, categorised.number]);
    expect(await numbersOf(`categoryId=${category.id}`)).toEqual([categorised.number]);
    expect(await numbersOf(`departmentId=${department.id}&priorityId=${early.priorityId}`)).toEqual([categorised.number]);
    const cut = new Date(new Date(early.createdAt).getTime() + 86_400_000).toISOString();
    expect(await numbersOf(`createdTo=${encodeURIComponent(cut)}`)).toEqual([early.number]);
    expect(await numbersOf(`createdFrom=${encodeURIComponent(cut)}&q=broken`)).toEqual([categorised.number]);
    const contactId = (await call('GET', `/tickets/${early.number}`)).json().contact.contactId as string;
    expect(await numbersOf(`contactId=${contactId}`)).toEqual([early.number, returns.number, categorised.number]);
  });

  it('refuses filters that are not what they claim, naming the parameter', async () => {
    for (const [query, field] of [
      ['typeId=nope', 'typeId'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['overdue=maybe', 'overdue'],
      ['sort=random', 'sort'],
      ['colour=red', 'colour'],
    ] as const) {
      const response = await call('GET', `/tickets?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(JSON.stringify(response.json().errors), query).toContain(field);
    }
  });
});
