import { eq } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Queryable } from '../../platform/db/client.js';
import { businessUnits, users } from '../access/access.tables.js';
import { ticketStatuses } from '../care/care-config.tables.js';
import { ticketMessages, tickets } from '../care/tickets.tables.js';
import { contacts } from '../customers/customers.tables.js';

/** What the mail job needs to know about a ticket: its tag values and who could receive mail. */
export interface TicketMailFacts {
  ticket: { id: string; number: number; subject: string; typeId: string; createdAt: Date; openedBy: 'customer' | 'staff'; contactId: string | null };
  customerEmail: string | null;
  assignee: { id: string; email: string; name: string } | null;
  departmentEmail: string | null;
  values: Record<string, string>;
}

function utcMinute(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Loads a ticket and fills the tag values templates use. `statusId` is the status an event moved
 * to (the ticket may have moved on since); `messageId` is the message the mail carries, and only
 * a public message is ever put in a mail.
 */
export async function loadTicketMailFacts(
  db: Queryable,
  config: Pick<Config, 'publicUrl'>,
  ticketId: string,
  options: { statusId?: string; messageId?: string; actorUserId?: string | null } = {},
): Promise<TicketMailFacts | null> {
  const [row] = await db
    .select({
      id: tickets.id,
      number: tickets.number,
      subject: tickets.subject,
      typeId: tickets.typeId,
      statusId: tickets.statusId,
      createdAt: tickets.createdAt,
      openedBy: tickets.openedBy,
      contactId: tickets.contactId,
      contactName: tickets.contactName,
      contactEmail: tickets.contactEmail,
      contactPhone: tickets.contactPhone,
      assigneeId: tickets.assigneeId,
      departmentName: businessUnits.name,
      departmentEmail: businessUnits.email,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
    })
    .from(tickets)
    .leftJoin(businessUnits, eq(businessUnits.id, tickets.departmentId))
    .leftJoin(contacts, eq(contacts.id, tickets.contactId))
    .where(eq(tickets.id, ticketId));
  if (!row) return null;
  const [status] = await db.select({ name: ticketStatuses.name }).from(ticketStatuses).where(eq(ticketStatuses.id, options.statusId ?? row.statusId));
  const [assignee] = row.assigneeId ? await db.select({ id: users.id, email: users.email, name: users.name, disabled: users.disabled }).from(users).where(eq(users.id, row.assigneeId)) : [];
  const [actor] = options.actorUserId ? await db.select({ name: users.name }).from(users).where(eq(users.id, options.actorUserId)) : [];
  const [message] = options.messageId ? await db.select({ body: ticketMessages.body, visibility: ticketMessages.visibility }).from(ticketMessages).where(eq(ticketMessages.id, options.messageId)) : [];

  const [firstFromName, ...restOfName] = row.contactName.split(/\s+/);
  const firstName = row.firstName || firstFromName || '';
  const lastName = row.lastName || restOfName.join(' ');
  const values: Record<string, string> = {
    'customer.first_name': firstName,
    'customer.last_name': lastName,
    'customer.name': row.contactName || `${firstName} ${lastName}`.trim(),
    'customer.email': row.contactEmail ?? '',
    'customer.phone': row.contactPhone ?? '',
    'ticket.number': String(row.number),
    'ticket.subject': row.subject,
    'ticket.status': status?.name ?? '',
    'ticket.opened_at': utcMinute(row.createdAt),
    'ticket.link': `${config.publicUrl}/tickets/${row.number}`,
    'department.name': row.departmentName ?? '',
    'staff.name': actor?.name ?? assignee?.name ?? '',
    'portal.link': `${config.publicUrl}/portal/requests/${row.number}`,
    'message.body': message && message.visibility === 'public' ? message.body : '',
  };
  return {
    ticket: { id: row.id, number: row.number, subject: row.subject, typeId: row.typeId, createdAt: row.createdAt, openedBy: row.openedBy, contactId: row.contactId },
    customerEmail: row.contactEmail,
    assignee: assignee && !assignee.disabled ? { id: assignee.id, email: assignee.email, name: assignee.name } : null,
    departmentEmail: row.departmentEmail,
    values,
  };
}
