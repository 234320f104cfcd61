import type { PatronModule } from '../../platform/module.js';
import { registerHistoryRight } from '../audit/index.js';
import { acceptLinkRoutes } from './accept-link.routes.js';
import { communicationRights } from './communications.policy.js';
import { communicationRoutes } from './communications.routes.js';
import { ensureCommunicationDefaults } from './communications.seed.js';
import './event-mails.job.js';
import { registerNewTicketMailer } from '../care/index.js';
import { queueTicketTemplateMail } from './ticket-mail.js';

// Staff ticking "Email customer" on a new ticket get the editable "new request received" template.
registerNewTicketMailer(async (tx, ctx, ticket, now) => {
  await queueTicketTemplateMail(tx, ctx.config, { ticketId: ticket.id, templateKey: 'ticket_received_customer', actorUserId: ctx.actor.kind === 'user' ? ctx.actor.id : null }, now);
});

for (const recordType of ['mail_template', 'communication_rule']) registerHistoryRight(recordType, [communicationRights.settingsRead, communicationRights.settingsManage]);

export { communicationRights } from './communications.policy.js';
export { seedCommunicationsDemo } from './demo.seed.js';
/** For email-in: mark auto-responders and bouncing mailboxes so rule mail never answers them. */
export { clearAutomatedAddress, flagAutomatedAddress, isAutomatedAddress } from './mail-suppressions.js';
/** For email-in: which ticket a signed reply address belongs to (null when forged or foreign). */
export { verifyReplyAddress } from './mail-threading.js';
export { mailLinkSecret, queueTicketMail, queueTicketTemplateMail } from './ticket-mail.js';
export { ticketMails } from './communications.tables.js';
/** For the portal: password reset and invitation mail from the editable templates. */
export { queueTemplateMail } from './template-mail.js';
/** For server-rendered pages of other modules (web forms): the same escaping mail templates use. */
export { escapeHtml, renderTemplate } from './template-renderer.js';

export const communicationsModule: PatronModule = {
  name: 'communications',
  staffRoutes: [communicationRoutes],
  publicRoutes: [acceptLinkRoutes],
  onStart: (runtime) => ensureCommunicationDefaults(runtime.db),
};
