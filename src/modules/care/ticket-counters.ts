import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';

const noDepartment = '00000000-0000-0000-0000-000000000000';

export interface CounterPosition {
  statusId: string;
  departmentId: string | null;
  waitingOnStaff: boolean;
}

/**
 * Rows each count is spread over (see ticketCounters.stripe); readers sum them. A write takes the
 * stripe of its database connection (backend pid), so concurrent transactions, which are always
 * on different connections, rarely wait for each other's counter lock (and two transactions that
 * each move two counters rarely deadlock over them). Any stripe is correct: only the sum
 * means anything, so one stripe may even go negative.
 */
const stripes = 32;
const connectionStripe = sql`(pg_backend_pid() % ${sql.raw(String(stripes))})::smallint`;

/** Which counter row a change moves, and by how much. */
interface CounterSlots {
  counter_status_id: unknown;
  counter_department_key: unknown;
  counter_delta: unknown;
  counter_waiting: unknown;
}

/** The slot values that move the counter of `position` by `delta`. */
export function counterSlotValues(position: CounterPosition, delta: 1 | -1): CounterSlots {
  return {
    counter_status_id: position.statusId,
    counter_department_key: position.departmentId ?? noDepartment,
    counter_delta: delta,
    counter_waiting: position.waitingOnStaff ? delta : 0,
  };
}

/** The upsert that moves one counter by `delta`; a statement of its own or a step in a larger one. */
export function counterAdjustment(position: CounterPosition, delta: 1 | -1): SQL {
  return counterUpsert(counterSlotValues(position, delta));
}

/**
 * counterAdjustment for a PreparedStatement (fill it with counterSlotValues); `onlyIf` moves the
 * counter only when that SQL condition holds.
 */
export function preparedCounterAdjustment(onlyIf: SQL): SQL {
  const slots = Object.fromEntries(
    (['counter_status_id', 'counter_department_key', 'counter_delta', 'counter_waiting'] as const).map((name) => [name, sql.placeholder(name)]),
  ) as unknown as CounterSlots;
  return counterUpsert(slots, onlyIf);
}

function counterUpsert(slots: CounterSlots, onlyIf?: SQL): SQL {
  const values = sql`${slots.counter_status_id}::uuid, ${slots.counter_department_key}::uuid, ${connectionStripe}, ${slots.counter_delta}::bigint, ${slots.counter_waiting}::bigint`;
  return sql`
    INSERT INTO ticket_counters (status_id, department_key, stripe, count, waiting_on_staff)
    ${onlyIf ? sql`SELECT ${values} WHERE ${onlyIf}` : sql`VALUES (${values})`}
    ON CONFLICT (status_id, department_key, stripe) DO UPDATE
      SET count = ticket_counters.count + excluded.count, waiting_on_staff = ticket_counters.waiting_on_staff + excluded.waiting_on_staff`;
}

async function adjust(tx: Queryable, position: CounterPosition, delta: 1 | -1): Promise<void> {
  await tx.execute(counterAdjustment(position, delta));
}

/**
 * Moves a ticket between queue counters in the caller's transaction, so the queue reads its
 * per-status counts from a handful of rows instead of counting the tickets table.
 */
export async function moveTicketCounters(tx: Queryable, before: CounterPosition | null, after: CounterPosition | null): Promise<void> {
  if (before && after && before.statusId === after.statusId && before.departmentId === after.departmentId && before.waitingOnStaff === after.waitingOnStaff) return;
  if (before) await adjust(tx, before, -1);
  if (after) await adjust(tx, after, 1);
}

export function counterDepartmentKey(departmentId: string | null): string {
  return departmentId ?? noDepartment;
}
