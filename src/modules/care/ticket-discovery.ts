import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { highlightMatch, markersToHighlights, registerSearchProvider, type SearchMatch } from '../../platform/search/index.js';
import { registerTimelineSource, type TimelineDescription } from '../customers/index.js';
import { canCare } from './care.policy.js';
import { listTicketsQuery } from './tickets.contract.js';
import { listTickets, searchTerms } from './tickets.queries.js';
import { ticketMessages, tickets } from './tickets.tables.js';

/** How tickets are found from elsewhere: in the global search, and on a customer's timeline. */

const [startMark, stopMark] = ['\u0002', '\u0003'];
const headlineOptions = `StartSel=${startMark}, StopSel=${stopMark}, MaxWords=20, MinWords=8, MaxFragments=1`;

/** Why each ticket matched: its subject when the words are there, else its first matching message. */
async function ticketMatches(db: Parameters<typeof queryRows>[0], ids: string[], query: string): Promise<Map<string, SearchMatch>> {
  const matches = new Map<string, SearchMatch>();
  const prefixQuery = searchTerms(query);
  if (!prefixQuery || !ids.length) return matches;
  const idList = sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);
  const subjects = await queryRows<{ id: string; marked: string }>(
    db,
    sql`SELECT id, ts_headline('simple', subject, to_tsquery('simple', ${prefixQuery}), ${`${headlineOptions}, HighlightAll=true`}) AS marked
        FROM tickets WHERE id IN (${idList}) AND to_tsvector('simple', subject) @@ to_tsquery('simple', ${prefixQuery})`,
  );
  for (const row of subjects) matches.set(row.id, { field: 'subject', label: 'Subject', ...markersToHighlights(row.marked, startMark, stopMark) });
  const rest = ids.filter((id) => !matches.has(id));
  if (!rest.length) return matches;
  const messages = await queryRows<{ ticket_id: string; visibility: string; marked: string }>(
    db,
    sql`SELECT DISTINCT ON (ticket_id) ticket_id, visibility, ts_headline('simple', body, to_tsquery('simple', ${prefixQuery}), ${headlineOptions}) AS marked
        FROM ticket_messages
        WHERE ticket_id IN (${sql.join(rest.map((id) => sql`${id}::uuid`), sql`, `)}) AND to_tsvector('simple', body) @@ to_tsquery('simple', ${prefixQuery})
        ORDER BY ticket_id, seq`,
  );
  for (const row of messages) matches.set(row.ticket_id, { field: 'message', label: row.visibility === 'internal' ? 'Internal note' : 'Message', ...markersToHighlights(row.marked, startMark, stopMark) });
  return matches;
}

registerSearchProvider({
  kind: 'ticket',
  label: 'Tickets',
  canSearch: (actor) => canCare(actor, 'ticket.read'),
  seeAllPath: (query) => `/tickets?q=${encodeURIComponent(query)}`,
  async search(ctx, query, limit) {
    // The queue's own search (full text, ticket number), so both find the same tickets.
    const page = await listTickets(ctx, listTicketsQuery.parse({ q: query, limit }));
    const matches = await ticketMatches(ctx.db, page.items.map((ticket) => ticket.id), query);
    const items = page.items.map((ticket) => ({
      id: ticket.id,
      title: `#${ticket.number} ${ticket.subject}`,
      subtitle: ticket.contact.name || ticket.contact.email || null,
      path: `/tickets/${ticket.number}`,
      matches: [matches.get(ticket.id) ?? { field: 'number', label: 'Number', ...highlightMatch(`#${ticket.number}`, query) }],
    }));
    return { items, more: page.nextCursor !== null };
  },
});

function ticketTitle(action: string, changes: Record<string, unknown>, number: number): string {
  switch (action) {
    case 'ticket.created':
      return `Ticket #${number} opened`;
    case 'ticket.message_added':
      return changes.authorType === 'customer' ? `Customer wrote on ticket #${number}` : `Ticket #${number} answered`;
    case 'ticket.status_changed': {
      const state = (changes.state as { to?: string } | undefined)?.to;
      if (state === 'completed') return `Ticket #${number} completed`;
      if (state === 'cancelled') return `Ticket #${number} cancelled`;
      if (state === 'final_resolved' || state === 'temporarily_resolved') return `Ticket #${number} resolved`;
      return `Ticket #${number} moved to ${state ?? 'another status'}`;
    }
    case 'ticket.email_sent':
      return `Email sent about ticket #${number}`;
    default:
      return `Ticket #${number}: ${action}`;
  }
}

registerTimelineSource({
  canRead: (actor) => canCare(actor, 'ticket.read'),
  streams: (contactId) => {
    const ticketIds = sql`SELECT id::text FROM ${tickets} WHERE contact_id = ${contactId}::uuid`;
    return [
      { kind: 'ticket', recordType: 'ticket', recordIds: ticketIds, actions: ['ticket.created', 'ticket.message_added', 'ticket.status_changed'] },
      { kind: 'email', recordType: 'ticket', recordIds: ticketIds, actions: ['ticket.email_sent'] },
    ];
  },
  async describe(db, events) {
    const ids = [...new Set(events.map((event) => event.recordId))];
    const rows = ids.length ? await db.select({ id: tickets.id, number: tickets.number, subject: tickets.subject }).from(tickets).where(inArray(tickets.id, ids)) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    const messageIds = events.map((event) => event.changes.messageId).filter((id): id is string => typeof id === 'string');
    const bodies = messageIds.length
      ? await db.select({ id: ticketMessages.id, body: ticketMessages.body }).from(ticketMessages).where(and(inArray(ticketMessages.id, messageIds), eq(ticketMessages.visibility, 'public')))
      : [];
    const bodyById = new Map(bodies.map((row) => [row.id, row.body]));
    const descriptions = new Map<number, TimelineDescription>();
    for (const event of events) {
      const ticket = byId.get(event.recordId);
      if (!ticket) continue;
      const body = bodyById.get(String(event.changes.messageId));
      const summary = event.action === 'ticket.created' ? ticket.subject : body ? (body.length > 200 ? `${body.slice(0, 199)}…` : body) : event.action === 'ticket.email_sent' ? String(event.changes.subject ?? ticket.subject) : ticket.subject;
      descriptions.set(event.id, { title: ticketTitle(event.action, event.changes, ticket.number), summary, path: `/tickets/${ticket.number}` });
    }
    return descriptions;
  },
});
