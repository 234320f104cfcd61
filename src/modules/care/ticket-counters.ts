import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';

const noDepartment = '00000000-0000-0000-0000-000000000000';

export interface CounterPosition {
  statusId: string;
  departmentId: string | null;
  waitingOnStaff: boolean;
}

/** Rows each count is spread over (see ticketCounters.stripe); readers sum them. */
const stripes = 8;

/** The upsert that moves one counter by `delta`; a statement of its own or a step in a larger one. */
export function counterAdjustment(position: CounterPosition, delta: 1 | -1): SQL {
  const waiting = position.waitingOnStaff ? delta : 0;
  // Any stripe will do: only the sum means anything, so one stripe may even go negative.
  const stripe = Math.floor(Math.random() * stripes);
  return sql`
    INSERT INTO ticket_counters (status_id, department_key, stripe, count, waiting_on_staff)
    VALUES (${position.statusId}::uuid, ${position.departmentId ?? noDepartment}::uuid, ${stripe}::smallint, ${delta}::bigint, ${waiting}::bigint)
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
