import { contactColumnMergeHandler, registerContactMergeHandler } from '../customers/index.js';
import { ticketFeedback, tickets } from './tickets.tables.js';

// When two contacts are merged, the loser's tickets (and the ratings given on them) follow it to
// the winner, so the winner's ticket list, stats and timeline show them; an undo moves back
// exactly those. The tickets keep the name and email they were opened with.
registerContactMergeHandler(contactColumnMergeHandler({ kind: 'tickets', label: 'Tickets', id: tickets.id, contactId: tickets.contactId }));
registerContactMergeHandler(contactColumnMergeHandler({ kind: 'ticket_feedback', label: 'Ticket ratings', id: ticketFeedback.ticketId, contactId: ticketFeedback.contactId }));
