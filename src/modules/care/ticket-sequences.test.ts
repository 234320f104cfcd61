import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { queryRows } from '../../platform/db/client.js';

// Property: whatever sequence of API calls staff make, no ticket ends up where the rules forbid,
// and the queue counters always equal the real counts.
let test: TestApp;
let admin: SignedIn;
let statusIds: string[];
let reasonId: string;

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  statusIds = (await test.app.inject({ url: '/api/v1/ticket-statuses', headers: admin.headers })).json().items.map((s: { id: string }) => s.id);
  reasonId = (await test.app.inject({ url: '/api/v1/cancellation-reasons', headers: admin.headers })).json().items[0].id;
});
afterAll(async () => {
  await test?.close();
});

const step = fc.oneof(
  fc.record({ kind: fc.constant('transition' as const), status: fc.nat(), withReason: fc.boolean() }),
  fc.record({ kind: fc.constant('assign' as const) }),
  fc.record({ kind: fc.constant('acceptance' as const), accepted: fc.boolean() }),
  fc.record({ kind: fc.constant('message' as const), internal: fc.boolean() }),
);

async function current(number: number) {
  return (await test.app.inject({ url: `/api/v1/tickets/${number}`, headers: admin.headers })).json();
}

describe('ticket API sequences', () => {
  // Many random API sequences: slow on a busy machine, so it gets more time than the default.
  it('never reach a forbidden state, and counters match the tickets', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const created = await test.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: admin.headers, payload: { subject: 'Property', contact: { name: 'P' }, openedBy: 'customer' } });
        const number = created.json().number as number;
        for (const s of steps) {
          const ticket = await current(number);
          const url = `/api/v1/tickets/${number}`;
          let response;
          if (s.kind === 'transition') {
            const payload: Record<string, unknown> = { version: ticket.version, statusId: statusIds[s.status % statusIds.length] };
            if (s.withReason) payload.cancellationReasonId = reasonId;
            response = await test.app.inject({ method: 'POST', url: `${url}/transitions`, headers: admin.headers, payload });
          } else if (s.kind === 'assign') {
            response = await test.app.inject({ method: 'POST', url: `${url}/assignment`, headers: admin.headers, payload: { version: ticket.version, assigneeId: admin.userId } });
          } else if (s.kind === 'acceptance') {
            response = await test.app.inject({ method: 'POST', url: `${url}/acceptance`, headers: admin.headers, payload: { version: ticket.version, accepted: s.accepted } });
          } else {
            response = await test.app.inject({ method: 'POST', url: `${url}/messages`, headers: admin.headers, payload: { body: 'note', visibility: s.internal ? 'internal' : 'public' } });
          }
          // Refusals are fine; server errors never are.
          expect(response.statusCode, response.body).toBeLessThan(500);
        }
        const rows = await queryRows<{ state: string; status_state: string; assignee_id: string | null; completed_at: string | null; cancellation_reason_id: string | null; acceptance: string }>(
          test.runtime.db,
          sql`SELECT t.state, s.state AS status_state, t.assignee_id, t.completed_at, t.cancellation_reason_id, t.acceptance FROM tickets t JOIN ticket_statuses s ON s.id = t.status_id WHERE t.number = ${number}`,
        );
        const row = rows[0]!;
        expect(row.state).toBe(row.status_state);
        if (row.state !== 'pending' && row.state !== 'cancelled') expect(row.assignee_id).not.toBeNull();
        expect(row.completed_at !== null).toBe(row.state === 'completed');
        expect(row.cancellation_reason_id !== null).toBe(row.state === 'cancelled');
        if (row.state === 'completed') expect(row.acceptance).not.toBe('awaiting');
      }),
      { numRuns: 40 },
    );
    const mismatches = await queryRows(
      test.runtime.db,
      sql`SELECT s.id FROM ticket_statuses s
          LEFT JOIN (SELECT status_id, sum(count) AS counted, sum(waiting_on_staff) AS waiting FROM ticket_counters GROUP BY status_id) c ON c.status_id = s.id
          LEFT JOIN (SELECT status_id, count(*) AS real, count(*) FILTER (WHERE last_action_by = 'customer' AND state NOT IN ('completed', 'cancelled')) AS real_waiting FROM tickets GROUP BY status_id) t ON t.status_id = s.id
          WHERE coalesce(c.counted, 0) <> coalesce(t.real, 0) OR coalesce(c.waiting, 0) <> coalesce(t.real_waiting, 0)`,
    );
    expect(mismatches).toEqual([]);
  });
});
