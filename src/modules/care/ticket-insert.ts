import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { eventSteps, type EventContext } from '../../platform/events/record-event.js';
import { counterAdjustment, type CounterPosition } from './ticket-counters.js';
import { ticketColumns, tickets, type TicketRow } from './tickets.tables.js';

/**
 * Who a new ticket is for: a contact already found or created (the customers module owns finding
 * a contact by any of its addresses and creating one with its address lists).
 */
export type TicketContact = { kind: 'known'; contactId: string; name: string; email: string | null; phone: string | null };

type TicketInsert = Omit<typeof tickets.$inferInsert, 'contactId' | 'contactName' | 'contactEmail' | 'contactPhone'>;
/** A new ticket's columns but its contact's, each a value or SQL (the search document is computed). */
export type NewTicketValues = { [Column in keyof TicketInsert]: TicketInsert[Column] | SQL };

// The row comes back under the property names drizzle uses, so it reads like any other TicketRow.
const returnedColumns = sql.join(
  Object.entries(ticketColumns).map(([key, column]) => sql`${sql.identifier(column.name)} AS ${sql.identifier(key)}`),
  sql`, `,
);

function contactSource(contact: TicketContact): SQL {
  return sql`SELECT ${contact.contactId}::uuid AS id, ${contact.name}::text AS name, ${contact.email}::text AS email, ${contact.phone}::text AS phone`;
}

/**
 * Writes a new ticket in one statement: inserts the ticket with its contact's name, email and
 * phone, counts it in the queue counters and records `ticket.created` with its subscribers' jobs.
 * One statement is one transaction: all of it is written or none.
 */
export async function insertTicket(db: Queryable, values: NewTicketValues, contact: TicketContact, counter: CounterPosition, context: EventContext): Promise<TicketRow> {
  const contactRef = (column: 'id' | 'name' | 'email' | 'phone') => sql`(SELECT ${sql.identifier(column)} FROM contact)`;
  const insert = db
    .insert(tickets)
    .values({ ...values, contactId: contactRef('id'), contactName: contactRef('name'), contactEmail: contactRef('email'), contactPhone: contactRef('phone') });
  // (An embedded query builder renders in parentheses, so it stands as the CTE's body.)
  const changes = sql`(SELECT jsonb_build_object('number', number, 'subject', subject, 'statusId', status_id, 'typeId', type_id, 'channel', channel,
                                                  'contactId', contact_id, 'assigneeId', assignee_id, 'departmentId', department_id) FROM ticket)`;
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`WITH contact AS (${contactSource(contact)}),
             counted AS (${counterAdjustment(counter, 1)}),
             ticket AS ${insert.returning()},
             ${eventSteps(context, { recordType: 'ticket', recordId: sql`(SELECT id::text FROM ticket)`, action: 'ticket.created', changes })}
        SELECT ${returnedColumns} FROM ticket`,
  );
  // Raw rows carry driver values (timestamps as text under drizzle's node-postgres parsers): map
  // each through its column, as a query builder would.
  return Object.fromEntries(Object.entries(ticketColumns).map(([key, column]) => [key, row![key] === null ? null : column.mapFromDriverValue(row![key])])) as TicketRow;
}
