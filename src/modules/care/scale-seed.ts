import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../platform/db/client.js';
import { queryRows } from '../../platform/db/client.js';
import { ensureCareDefaults } from './care.seed.js';

/** A PostgreSQL array literal, so a list travels as one parameter instead of one per element. */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

export interface ScaleSeedOptions {
  tickets: number;
  messages: number;
  batch?: number;
  progress?: (message: string) => void;
}

// Common words appear in most subjects, rare ones in about one ticket in ten thousand, so search
// can be measured for both.
const commonWords = ['order', 'delivery', 'refund', 'invoice', 'account', 'password', 'shipping', 'return', 'payment', 'product'];
const rareWords = ['zeppelin', 'quixotic', 'marzipan', 'obsidian', 'kumquat'];

/**
 * Synthetic tickets and messages for benchmarks, generated inside the database in batches
 * (generate_series), then the queue counters rebuilt once. It writes no events: the rows are
 * test data, not anyone's actions.
 */
export async function seedScale(handle: DatabaseHandle, options: ScaleSeedOptions): Promise<{ tickets: number; messages: number }> {
  const progress = options.progress ?? (() => undefined);
  const batch = options.batch ?? 50_000;
  await ensureCareDefaults(handle.db);
  const [config] = await queryRows<{ type_id: string; statuses: string[]; states: string[]; departments: string[] }>(
    handle.db,
    sql`SELECT (SELECT id FROM ticket_types WHERE is_default LIMIT 1) AS type_id,
               (SELECT array_agg(s.id::text ORDER BY s.position) FROM ticket_statuses s JOIN ticket_type_statuses ts ON ts.status_id = s.id JOIN ticket_types t ON t.id = ts.type_id AND t.is_default) AS statuses,
               (SELECT array_agg(s.state ORDER BY s.position) FROM ticket_statuses s JOIN ticket_type_statuses ts ON ts.status_id = s.id JOIN ticket_types t ON t.id = ts.type_id AND t.is_default) AS states,
               (SELECT array_agg(id::text ORDER BY name) FROM business_units) AS departments`,
  );
  const contacts = Math.max(1, Math.ceil(options.tickets / 5));
  await handle.db.execute(sql`
    INSERT INTO contacts (first_name, last_name, email, phone, source)
    SELECT 'Customer', 'No ' || i, 'customer' || i || '@scale.example', '+1555' || lpad(i::text, 7, '0'), 'import'
    FROM generate_series(1, ${contacts}::int) AS i`);
  progress(`${contacts} contacts`);

  const perTicket = options.tickets > 0 ? Math.max(0, Math.round(options.messages / options.tickets)) : 0;
  for (let start = 0; start < options.tickets; start += batch) {
    const count = Math.min(batch, options.tickets - start);
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`
        WITH customers AS (SELECT array_agg(id) AS ids FROM (SELECT id FROM contacts ORDER BY id LIMIT 1000) AS first_contacts),
        picked AS (
          SELECT i,
                 1 + (abs(hashtext(i::text)) % ${config!.statuses.length}) AS status_index,
                 customers.ids[1 + abs(hashtext('c' || i)) % cardinality(customers.ids)] AS contact_id,
                 ${arrayLiteral(commonWords)}::text[] AS common, ${arrayLiteral(rareWords)}::text[] AS rare,
                 now() - (abs(hashtext('t' || i)) % 31536000) * interval '1 second' AS started
          FROM generate_series(${start + 1}::int, ${start + count}::int) AS i, customers)
        INSERT INTO tickets (type_id, status_id, state, department_id, contact_id, contact_name, contact_email, subject, channel, opened_by,
                             started_at, expected_completion_at, last_action_by, last_action_at, created_at, updated_at, search_vector)
        SELECT ${config!.type_id}::uuid, (${arrayLiteral(config!.statuses)}::uuid[])[status_index], (${arrayLiteral(config!.states)}::text[])[status_index],
               (${arrayLiteral(config!.departments)}::uuid[])[1 + i % ${config!.departments.length}], contact_id, 'Customer No ' || i, 'customer' || i || '@scale.example',
               subject, 'portal', 'customer', started, started + interval '3 days',
               CASE WHEN i % 3 = 0 THEN 'staff' ELSE 'customer' END, started + (i % 7200) * interval '1 second', started, started,
               to_tsvector('simple', subject)
        FROM (SELECT *, initcap(common[1 + i % 10]) || ' ' || common[1 + (i / 10) % 10] || ' question ' || i
                        || CASE WHEN i % 10000 = 7 THEN ' ' || rare[1 + (i / 10000) % 5] ELSE '' END AS subject
              FROM picked) AS generated`);
      if (perTicket > 0) {
        await tx.execute(sql`
          INSERT INTO ticket_messages (ticket_id, visibility, author_type, author_name, body, created_at)
          SELECT t.id, CASE WHEN m % 4 = 0 THEN 'internal' ELSE 'public' END, CASE WHEN m % 2 = 1 THEN 'customer' ELSE 'staff' END,
                 CASE WHEN m % 2 = 1 THEN t.contact_name ELSE 'Agent' END,
                 'Message ' || m || ' about the ' || (${arrayLiteral(commonWords)}::text[])[1 + (t.number + m) % 10] || ' of ticket ' || t.number, t.started_at + m * interval '1 hour'
          FROM tickets t CROSS JOIN generate_series(1, ${perTicket}::int) AS m
          WHERE t.number > (SELECT coalesce(max(number), 0) FROM tickets) - ${count}`);
        await tx.execute(sql`
          UPDATE tickets t SET search_vector = t.search_vector || to_tsvector('simple', bodies.text)
          FROM (SELECT ticket_id, string_agg(body, ' ') AS text FROM ticket_messages
                WHERE ticket_id IN (SELECT id FROM tickets WHERE number > (SELECT coalesce(max(number), 0) FROM tickets) - ${count})
                GROUP BY ticket_id) AS bodies
          WHERE bodies.ticket_id = t.id`);
      }
    });
    progress(`${start + count} / ${options.tickets} tickets`);
  }
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM ticket_counters`);
    await tx.execute(sql`
      INSERT INTO ticket_counters (status_id, department_key, count, waiting_on_staff)
      SELECT status_id, coalesce(department_id, '00000000-0000-0000-0000-000000000000'), count(*),
             count(*) FILTER (WHERE last_action_by = 'customer' AND state NOT IN ('completed', 'cancelled'))
      FROM tickets GROUP BY 1, 2`);
  });
  progress('counters rebuilt');
  // Each ticket was written twice (its messages join the search document afterwards): vacuum the
  // old versions away and set the visibility map, as autovacuum would on a database in use, so
  // benchmarks do not measure a table that is half dead rows.
  await handle.db.execute(sql`VACUUM (ANALYZE)`);
  progress('vacuumed, statistics updated');
  return { tickets: options.tickets, messages: perTicket * options.tickets };
}
