import type { PatronModule } from '../../platform/module.js';
import { registerAttachmentReader } from '../../platform/attachments/index.js';
import { registerHistoryRight } from '../audit/index.js';
import { registerContactStatsProvider } from '../customers/index.js';
import { contactTicketStats } from './contact-ticket-stats.js';
import { ticketReaderMayRead } from './ticket-attachments.js';
import { careRights } from './care.policy.js';
import { scheduleOverdueSweep } from './overdue.job.js';
import { ensureCareDefaults } from './care.seed.js';
import { ticketRoutes } from './tickets.routes.js';
import { careConfigRoutes } from './config.routes.js';
import { savedViewRoutes } from './saved-views.routes.js';
import './ticket-discovery.js';
import './contact-merge.js';
import { ticketMessageMoveRoutes } from './ticket-message-moves.routes.js';
import { ticketFeedbackRoutes } from './ticket-feedback.routes.js';

registerHistoryRight('ticket', [careRights.ticketsRead, careRights.ticketsWork]);
registerAttachmentReader(ticketReaderMayRead);
registerContactStatsProvider(contactTicketStats);
// The settings screens show each setting's history to those who may see the settings.
for (const recordType of ['ticket_status', 'ticket_category', 'ticket_type', 'cancellation_reason', 'priority_model']) {
  registerHistoryRight(recordType, [careRights.configRead, careRights.configManage]);
}

export { careRights } from './care.policy.js';
/** Communications records a customer's acceptance from an emailed link through this. */
export { recordCustomerAcceptance, recordTicketAcceptance } from './ticket-progress.service.js';
export { seedScale } from './scale-seed.js';
/** For email-in: open a ticket from a mail, add the customer's reply, relate a follow-up, read tickets and messages. */
export { createTicket, linkTickets } from './tickets.service.js';
export { addInboundCustomerMessage, addSystemNote } from './inbound-messages.service.js';
export { isTerminal } from './lifecycle.js';
export { tickets, ticketMessages } from './tickets.tables.js';
export { moveTicketMessage, splitTicketMessage } from './ticket-message-moves.service.js';
/** For the portal: what a customer sees and does on their own tickets (scoped by their contact). */
export { addCustomerMessage, customerMayReadAttachment, getCustomerTicket, listCustomerTickets, openCustomerTicket } from './customer-tickets.service.js';
export { rateTicket } from './ticket-feedback.service.js';
export { ticketFeedbackSchema } from './tickets.contract.js';
export { seedCareDemo } from './demo.seed.js';
export { registerNewTicketMailer } from './new-ticket-mail.js';
export { registerTicketAssignmentHook, type NewTicketFacts, type TicketAssignmentHook } from './assignment-hooks.js';
/** For web forms: check a form's target when it is saved, then open its tickets (callers check who may). */
export { openTicket } from './tickets.service.js';
export { assertTicketTarget, type TicketTarget } from './ticket-targets.js';

export const careModule: PatronModule = {
  name: 'care',
  staffRoutes: [careConfigRoutes, ticketRoutes, savedViewRoutes, ticketMessageMoveRoutes, ticketFeedbackRoutes],
  onStart: async (runtime) => {
    await ensureCareDefaults(runtime.db);
    await scheduleOverdueSweep(runtime);
  },
};
