import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { groupRights, groups } from '../access/access.tables.js';
import { seedDemoWorkspace } from '../seed-demo.js';
import { tickets } from './tickets.tables.js';

let test: TestApp;

beforeAll(async () => {
  test = await createTestApp();
});
afterAll(async () => {
  await test?.close();
});

describe('the demo workspace', () => {
  it('gives the demo groups ticket and customer rights and fills an empty queue once, whatever the number of runs', async () => {
    await seedDemoWorkspace(test.runtime);
    await seedDemoWorkspace(test.runtime);
    const rows = await test.handle.db.select({ subject: tickets.subject, departmentId: tickets.departmentId, contactId: tickets.contactId }).from(tickets);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.departmentId && row.contactId)).toBe(true);
    const [agents] = await test.handle.db.select({ id: groups.id }).from(groups).where(eq(groups.name, 'Support agents'));
    const granted = (await test.handle.db.select({ key: groupRights.rightKey }).from(groupRights).where(eq(groupRights.groupId, agents!.id))).map((row) => row.key);
    expect(granted).toEqual(expect.arrayContaining(['care.tickets.work', 'care.tickets.create', 'customers.contacts.read', 'communications.email.send']));
    expect(granted).not.toContain('care.config.manage');
    expect(granted).not.toContain('communications.settings.manage');
  });
});
