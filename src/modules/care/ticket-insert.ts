import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { PreparedStatement } from '../../platform/db/prepared-statement.js';
import { eventStepValues, preparedEventSteps, type EventContext } from '../../platform/events/record-event.js';
import { contactOwningEmailQuery } from '../customers/index.js';
import { counterSlotValues, preparedCounterAdjustment, type CounterPosition } from './ticket-counters.js';
import { ticketColumns, type TicketRow } from './tickets.tables.js';

/**
 * Who a new ticket is for: a contact already found or created, or whoever owns an email address
 * (looked up by the insert itself; the customers module owns finding a contact by any of its
 * addresses and creating one with its address lists).
 */
export type TicketContact =
  | { kind: 'known'; contactId: string; name: string; email: string | null; phone: string | null }
  | { kind: 'byEmail'; email: string; name: string | null; phone: string | null };

const newTicketKeys = [
  'typeId', 'statusId', 'state', 'categoryId', 'impactId', 'urgencyId', 'priorityId', 'departmentId', 'assigneeId', 'subject', 'channel', 'openedBy',
  'openedByUserId', 'createdFromType', 'createdFromId', 'startedAt', 'expectedCompletionAt', 'lastActionBy', 'lastActionAt', 'createdAt', 'updatedAt',
] as const satisfies readonly (keyof typeof ticketColumns)[];

/** A new ticket's own columns; its contact's come from TicketContact, its search document from the subject and first message. */
export type NewTicketValues = { [Key in (typeof newTicketKeys)[number]]: Exclude<TicketRow[Key], undefined> };

const placeholder = (name: string) => sql.placeholder(name);
const ticketWritten = sql`EXISTS (SELECT 1 FROM ticket)`;

function contactStep(source: TicketContact['kind']): SQL {
  if (source === 'known') {
    return sql`SELECT ${placeholder('contact_id')}::uuid AS id, ${placeholder('contact_name')}::text AS name, ${placeholder('contact_email')}::text AS email, ${placeholder('contact_phone')}::text AS phone`;
  }
  // Given details win; the owner's fill the gaps, as for a contact chosen by id.
  return sql`SELECT owner.id, coalesce(${placeholder('contact_name')}::text, trim(coalesce(owner.first_name, '') || ' ' || coalesce(owner.last_name, ''))) AS name,
                    ${placeholder('contact_email')}::text AS email, coalesce(${placeholder('contact_phone')}::text, owner.phone) AS phone
             FROM (${contactOwningEmailQuery(placeholder('contact_address'))}) AS owner`;
}

/**
 * The whole creation as one statement (one statement is one transaction): insert the ticket with
 * its contact's name, email and phone, count it in the queue counters, and record
 * `ticket.created` with its subscribers' jobs. When the contact is looked up by email and nobody
 * owns the address, nothing at all is written and no row comes back.
 */
function insertStatement(source: TicketContact['kind']): SQL {
  const own = newTicketKeys.map((key) => ({ column: ticketColumns[key], value: sql`${placeholder(key)}::${sql.raw(ticketColumns[key].getSQLType())}` }));
  const returned = Object.values(ticketColumns).map((column) => sql.identifier(column.name));
  const changes = sql`(SELECT jsonb_build_object('number', number, 'subject', subject, 'statusId', status_id, 'typeId', type_id, 'channel', channel,
                                                  'contactId', contact_id, 'assigneeId', assignee_id, 'departmentId', department_id) FROM ticket)`;
  // The row comes back under the property names drizzle uses, so it reads like any other TicketRow.
  const asRow = Object.entries(ticketColumns).map(([key, column]) => sql`${sql.identifier(column.name)} AS ${sql.identifier(key)}`);
  return sql`WITH contact AS (${contactStep(source)}),
             ticket AS (
               INSERT INTO tickets (${sql.join(own.map(({ column }) => sql.identifier(column.name)), sql`, `)}, contact_id, contact_name, contact_email, contact_phone, search_vector)
               SELECT ${sql.join(own.map(({ value }) => value), sql`, `)}, contact.id, contact.name, contact.email, contact.phone,
                      to_tsvector('simple', ${placeholder('subject')}::text) || to_tsvector('simple', coalesce(${placeholder('first_message')}::text, ''))
               FROM contact
               RETURNING ${sql.join(returned, sql`, `)}),
             counted AS (${preparedCounterAdjustment(ticketWritten)}),
             ${preparedEventSteps({ recordType: 'ticket', action: 'ticket.created', recordId: sql`(SELECT id::text FROM ticket)`, changes, onlyIf: ticketWritten })}
        SELECT ${sql.join(asRow, sql`, `)} FROM ticket`;
}

const statements = {
  known: new PreparedStatement<Record<string, unknown>>('care_insert_ticket_for_contact', () => insertStatement('known')),
  byEmail: new PreparedStatement<Record<string, unknown>>('care_insert_ticket_for_address', () => insertStatement('byEmail')),
};

/**
 * Writes a new ticket in one prepared statement (see insertStatement). `firstMessage` joins the
 * search document, so the new row is written once. Answers undefined only for a `byEmail`
 * contact whose address nobody owns; then nothing was written.
 */
export async function insertTicket(
  db: Queryable,
  values: NewTicketValues,
  contact: TicketContact,
  firstMessage: string | undefined,
  counter: CounterPosition,
  context: EventContext,
): Promise<TicketRow | undefined> {
  // Values go in as the driver takes them (timestamps as ISO text), as a query builder would send them.
  const own = Object.fromEntries(newTicketKeys.map((key) => [key, values[key] === null ? null : ticketColumns[key].mapToDriverValue(values[key])]));
  const [row] = await statements[contact.kind].rows(db, {
    ...own,
    contact_id: contact.kind === 'known' ? contact.contactId : null,
    contact_address: contact.email?.toLowerCase() ?? null,
    contact_name: contact.kind === 'known' ? contact.name : contact.name || null,
    contact_email: contact.email,
    contact_phone: contact.phone,
    first_message: firstMessage ?? null,
    ...counterSlotValues(counter, 1),
    ...eventStepValues(context, 'ticket.created'),
  });
  if (!row) return undefined;
  // Raw rows carry driver values (timestamps as text under drizzle's node-postgres parsers): map
  // each through its column, as a query builder would.
  return Object.fromEntries(Object.entries(ticketColumns).map(([key, column]) => [key, row[key] === null ? null : column.mapFromDriverValue(row[key])])) as TicketRow;
}
