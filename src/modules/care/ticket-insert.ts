import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { eventSteps, type EventContext } from '../../platform/events/record-event.js';
import { contacts } from '../customers/customers.tables.js';
import { counterAdjustment, type CounterPosition } from './ticket-counters.js';
import { ticketColumns, tickets, type TicketRow } from './tickets.tables.js';

/** Who a new ticket is for: a contact already read, or an email to look up, else a new contact. */
export type TicketContact =
  | { kind: 'known'; contactId: string; name: string; email: string | null; phone: string | null }
  | {
      kind: 'find_or_create';
      /** Looked up case-insensitively; null means always create. */
      email: string | null;
      /** The ticket's contact name when the contact is found (else the contact's own name). */
      name: string | null;
      phone: string | null;
      create: { firstName: string; lastName: string; source: string; ticketName: string };
    };

type TicketInsert = Omit<typeof tickets.$inferInsert, 'contactId' | 'contactName' | 'contactEmail' | 'contactPhone'>;
/** A new ticket's columns but its contact's, each a value or SQL (the search document is computed). */
export type NewTicketValues = { [Column in keyof TicketInsert]: TicketInsert[Column] | SQL };

// The row comes back under the property names drizzle uses, so it reads like any other TicketRow.
const returnedColumns = sql.join(
  Object.entries(ticketColumns).map(([key, column]) => sql`${sql.identifier(column.name)} AS ${sql.identifier(key)}`),
  sql`, `,
);
const contactColumns = getTableColumns(contacts);

function contactSource(contact: TicketContact): SQL {
  if (contact.kind === 'known') return sql`SELECT ${contact.contactId}::uuid AS id, ${contact.name}::text AS name, ${contact.email}::text AS email, ${contact.phone}::text AS phone`;
  const { create } = contact;
  return sql`SELECT found.id, coalesce(nullif(${contact.name}::text, ''), btrim(found.first_name || ' ' || found.last_name)) AS name,
                    ${contact.email}::text AS email, coalesce(${contact.phone}::text, found.phone) AS phone
             FROM (SELECT * FROM ${contacts} WHERE lower(${contactColumns.email}) = ${contact.email?.toLowerCase() ?? null}::text LIMIT 1) AS found
             UNION ALL
             SELECT id, ${create.ticketName}::text, ${contact.email}::text, ${contact.phone}::text FROM created`;
}

/**
 * Writes a new ticket in one statement: finds or creates its contact, inserts the ticket with the
 * contact's name, email and phone, counts it in the queue counters and records `ticket.created`
 * with its subscribers' jobs. One statement is one transaction: all of it is written or none.
 */
export async function insertTicket(db: Queryable, values: NewTicketValues, contact: TicketContact, counter: CounterPosition, context: EventContext): Promise<TicketRow> {
  const contactRef = (column: 'id' | 'name' | 'email' | 'phone') => sql`(SELECT ${sql.identifier(column)} FROM contact)`;
  const insert = db
    .insert(tickets)
    .values({ ...values, contactId: contactRef('id'), contactName: contactRef('name'), contactEmail: contactRef('email'), contactPhone: contactRef('phone') });
  const created =
    contact.kind === 'find_or_create'
      ? sql`INSERT INTO ${contacts} (first_name, last_name, email, phone, source)
            SELECT ${contact.create.firstName}::text, ${contact.create.lastName}::text, ${contact.email}::text, ${contact.phone}::text, ${contact.create.source}::text
            WHERE NOT EXISTS (SELECT 1 FROM ${contacts} WHERE lower(${contactColumns.email}) = ${contact.email?.toLowerCase() ?? null}::text)
            RETURNING id`
      : sql`SELECT NULL::uuid AS id WHERE false`;
  // (An embedded query builder renders in parentheses, so it stands as the CTE's body.)
  const changes = sql`(SELECT jsonb_build_object('number', number, 'subject', subject, 'statusId', status_id, 'typeId', type_id, 'channel', channel,
                                                  'contactId', contact_id, 'assigneeId', assignee_id, 'departmentId', department_id) FROM ticket)`;
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`WITH created AS (${created}),
             contact AS (${contactSource(contact)}),
             counted AS (${counterAdjustment(counter, 1)}),
             ticket AS ${insert.returning()},
             ${eventSteps(context, { recordType: 'ticket', recordId: sql`(SELECT id::text FROM ticket)`, action: 'ticket.created', changes })}
        SELECT ${returnedColumns} FROM ticket`,
  );
  // Raw rows carry driver values (timestamps as text under drizzle's node-postgres parsers): map
  // each through its column, as a query builder would.
  return Object.fromEntries(Object.entries(ticketColumns).map(([key, column]) => [key, row![key] === null ? null : column.mapFromDriverValue(row![key])])) as TicketRow;
}
