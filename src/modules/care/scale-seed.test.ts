import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { seedScale } from './scale-seed.js';

let test: TestApp;
let admin: SignedIn;
beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
});
afterAll(async () => {
  await test?.close();
});

describe('seed scale', () => {
  // Thousands of rows and a VACUUM: slow on a busy machine, so it gets more time than the default.
  it('generates tickets and messages whose counters, search and pages work like real ones', { timeout: 180_000 }, async () => {
    const result = await seedScale(test.handle, { tickets: 20_010, messages: 40_020, batch: 10_000 });
    expect(result).toEqual({ tickets: 20_010, messages: 40_020 });
    const counts = (await test.app.inject({ url: '/api/v1/tickets/counts', headers: admin.headers })).json().items as { count: number }[];
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(20_010);
    const rare = (await test.app.inject({ url: '/api/v1/tickets?q=zeppelin', headers: admin.headers })).json().items;
    expect(rare.length).toBeGreaterThanOrEqual(1);
    const page = (await test.app.inject({ url: `/api/v1/tickets/${rare[0].number}/messages`, headers: admin.headers })).json().items;
    expect(page).toHaveLength(2);
    // A common term walks the newest tickets, a rare one goes through the index: both answer the
    // same page a plain query does.
    for (const word of ['order', 'zeppelin']) {
      const found = (await test.app.inject({ url: `/api/v1/tickets?q=${word}&limit=50`, headers: admin.headers })).json().items.map((t: { number: number }) => t.number);
      const expected = await queryRows<{ number: number }>(
        test.handle.db,
        sql`SELECT number FROM tickets WHERE search_vector @@ to_tsquery('simple', ${`${word}:*`}) ORDER BY last_action_at DESC, id DESC LIMIT 50`,
      );
      expect(found).toEqual(expected.map((row) => Number(row.number)));
      expect(found.length).toBe(word === 'order' ? 50 : rare.length);
    }
  });
});
