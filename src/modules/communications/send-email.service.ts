import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { outgoingMails } from '../../platform/mail/mail.tables.js';
import { tickets } from '../care/tickets.tables.js';
import { contacts } from '../customers/customers.tables.js';
import { careRights } from '../care/index.js';
import { hasRight } from '../access/index.js';
import { awaitingAcceptanceEventId } from './accept.service.js';
import { acceptLinkLifetimeMs, acceptLinkUrl, signAcceptToken } from './accept-link.js';
import { assertCanCommunicate } from './communications.policy.js';
import type { SendEmailInput } from './communications.contract.js';
import { ticketMails } from './communications.tables.js';
import { queueTemplateMail } from './template-mail.js';
import { templateDefinitions } from './template-tags.js';
import { loadTicketMailFacts } from './ticket-mail-values.js';
import { mailLinkSecret, queueTicketMail } from './ticket-mail.js';

/** Sent by the portal with links only it can make; staff cannot send them by hand. */
const accountTemplates = new Set(['password_reset', 'portal_invitation']);

/** A one-off email to a customer from a ticket or a contact record, written with a template. */
export async function sendEmail(ctx: ServiceContext, input: SendEmailInput) {
  assertCanCommunicate(ctx.actor, 'email.send');
  const definition = templateDefinitions[input.templateKey];
  if (definition.audience !== 'customer') throw AppError.invalid('templateKey', `${definition.name} is written for staff, not customers`);
  if (accountTemplates.has(input.templateKey)) throw AppError.invalid('templateKey', `${definition.name} is sent by the portal with its own link`);
  if ((input.ticketNumber === undefined) === (input.contactId === undefined)) throw AppError.invalid('ticketNumber', 'give either a ticketNumber or a contactId');
  const actorUserId = ctx.actor.kind === 'user' ? ctx.actor.id : null;
  const now = ctx.clock.now();

  if (input.ticketNumber !== undefined) {
    const [ticket] = await ctx.db.select({ id: tickets.id, state: tickets.state, acceptance: tickets.acceptance }).from(tickets).where(eq(tickets.number, input.ticketNumber));
    if (!ticket) throw AppError.invalid('ticketNumber', `there is no ticket #${input.ticketNumber}`);
    const facts = (await loadTicketMailFacts(ctx.db, ctx.config, ticket.id, { actorUserId }))!;
    const to = input.to ?? facts.customerEmail;
    if (!to) throw AppError.invalid('to', 'the ticket has no customer email; give an address');
    const values: Record<string, string> = { ...facts.values, 'message.body': input.message ?? '' };
    if (input.templateKey === 'ticket_awaiting_acceptance') {
      const eventId = ticket.acceptance === 'awaiting' ? await awaitingAcceptanceEventId(ctx.db, ticket.id) : undefined;
      if (!eventId) throw AppError.invalid('templateKey', `ticket #${input.ticketNumber} is not waiting for the customer to accept anything`);
      const token = signAcceptToken({ ticketNumber: input.ticketNumber, eventId, expiresAt: new Date(now.getTime() + acceptLinkLifetimeMs) }, await mailLinkSecret(ctx.db, ctx.config));
      values['accept.link'] = acceptLinkUrl(ctx.config.publicUrl, token);
    }
    return ctx.db.transaction(async (tx) => {
      const mail = await queueTicketMail(tx, ctx.config, { ticket: facts.ticket, to, recipientKind: 'customer', templateKey: input.templateKey, values, automatic: false, sentByUserId: actorUserId ?? undefined }, now);
      await recordEvent(tx, ctx, { recordType: 'ticket', recordId: ticket.id, action: 'ticket.email_sent', changes: { mailId: mail.mailId, to, templateKey: input.templateKey, subject: mail.subject } });
      return { mailId: mail.mailId, to, subject: mail.subject, messageId: mail.messageId };
    });
  }

  const [contact] = await ctx.db.select().from(contacts).where(eq(contacts.id, input.contactId!));
  if (!contact) throw AppError.invalid('contactId', 'unknown contact');
  const to = input.to ?? contact.email;
  if (!to) throw AppError.invalid('to', 'the contact has no email; give an address');
  const values: Record<string, string> = {
    'customer.first_name': contact.firstName,
    'customer.last_name': contact.lastName,
    'customer.name': `${contact.firstName} ${contact.lastName}`.trim(),
    'customer.email': contact.email ?? '',
    'portal.link': `${ctx.config.publicUrl}/portal`,
    'staff.name': ctx.actor.kind === 'user' ? ctx.actor.name : '',
    'message.body': input.message ?? '',
  };
  return ctx.db.transaction(async (tx) => {
    const mail = await queueTemplateMail(tx, ctx.config, { templateKey: input.templateKey, to, values }, now);
    await recordEvent(tx, ctx, { recordType: 'contact', recordId: contact.id, action: 'contact.email_sent', changes: { mailId: mail.mailId, to, templateKey: input.templateKey, subject: mail.subject } });
    return { mailId: mail.mailId, to, subject: mail.subject, messageId: mail.messageId };
  });
}

/** The mail sent for a ticket, oldest first: its outgoing side of the conversation. */
export async function listTicketMails(ctx: ServiceContext, number: number) {
  if (ctx.actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!hasRight(ctx.actor, careRights.ticketsRead) && !hasRight(ctx.actor, careRights.ticketsWork)) throw AppError.forbidden();
  const [ticket] = await ctx.db.select({ id: tickets.id }).from(tickets).where(eq(tickets.number, number));
  if (!ticket) throw AppError.notFound(`Ticket #${number}`);
  const rows = await ctx.db
    .select({ link: ticketMails, mail: { toAddress: outgoingMails.toAddress, subject: outgoingMails.subject, status: outgoingMails.status, sentAt: outgoingMails.sentAt } })
    .from(ticketMails)
    .innerJoin(outgoingMails, eq(outgoingMails.id, ticketMails.mailId))
    .where(eq(ticketMails.ticketId, ticket.id))
    .orderBy(ticketMails.seq)
    .limit(500);
  return {
    items: rows.map(({ link, mail }) => ({
      mailId: link.mailId,
      toAddress: mail.toAddress,
      subject: mail.subject,
      status: mail.status,
      templateKey: link.templateKey,
      recipientKind: link.recipientKind,
      messageId: link.messageId,
      automatic: link.ruleId !== null || link.deliveryKey !== null,
      createdAt: link.createdAt.toISOString(),
      sentAt: mail.sentAt?.toISOString() ?? null,
    })),
  };
}
