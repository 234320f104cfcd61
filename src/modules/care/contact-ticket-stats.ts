import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../platform/db/client.js';

/** A contact's ticket figures for the customer page (served by the tickets_contact_idx index). */
export async function contactTicketStats(db: Queryable, contactId: string) {
  const [row] = await queryRows<{ open: number; total: number; last: string | Date | null }>(
    db,
    sql`SELECT count(*) FILTER (WHERE state NOT IN ('completed', 'cancelled'))::int AS open, count(*)::int AS total, max(last_action_at) AS last
        FROM tickets WHERE contact_id = ${contactId}`,
  );
  return { openTickets: Number(row?.open ?? 0), totalTickets: Number(row?.total ?? 0), lastContactAt: row?.last ? new Date(row.last) : null };
}
