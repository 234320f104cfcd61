import { and, between, eq, isNull, ne, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import type { Runtime } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { events, type EventRow } from '../../platform/events/events.tables.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { subscribeToEvents } from '../../platform/events/subscriptions.js';
import { registerJobHandler } from '../../platform/jobs/handlers.js';
import { acceptLinkLifetimeMs, acceptLinkUrl, signAcceptToken } from './accept-link.js';
import { communicationEventFor, deliveryKey, matchingRules, recipientFor, watchedTicketActions } from './communication-rules.js';
import { communicationRules, ticketMails } from './communications.tables.js';
import { isAutomatedAddress } from './mail-suppressions.js';
import { loadTicketMailFacts } from './ticket-mail-values.js';
import { mailLinkSecret, queueTicketMail } from './ticket-mail.js';
import { templateDefinitions } from './template-tags.js';

export const ticketEventMailJob = 'communications.ticket-event-mail';

for (const action of watchedTicketActions) subscribeToEvents(action, ticketEventMailJob);

/**
 * The other events one command wrote for the same ticket: by request id, or for calls outside
 * HTTP (CLI, jobs) by the same actor at the same moment, next to each other in the event log.
 */
async function siblingEvents(db: Queryable, event: EventRow) {
  // A client may choose its X-Request-Id, so the same id on a later request must not count.
  const sameMoment = sql`abs(extract(epoch from ${events.occurredAt} - ${event.occurredAt.toISOString()}::timestamptz)) < 5`;
  const sameCommand = event.requestId
    ? and(eq(events.requestId, event.requestId), sameMoment)
    : and(isNull(events.requestId), eq(events.actorLabel, event.actorLabel ?? ''), between(events.id, event.id - 5, event.id + 5), sameMoment);
  return db
    .select({ action: events.action, changes: events.changes })
    .from(events)
    .where(and(eq(events.recordType, 'ticket'), eq(events.recordId, event.recordId), ne(events.id, event.id), sameCommand));
}

function publicMessageId(candidates: { action: string; changes: Record<string, unknown> }[]): string | undefined {
  const message = candidates.find((e) => e.action === 'ticket.message_added' && e.changes.visibility === 'public');
  return typeof message?.changes.messageId === 'string' ? message.changes.messageId : undefined;
}

/**
 * Turns one ticket event into the mail its rules ask for. Runs at least once per event; the
 * delivery key (event, rule, recipient) is unique, so a retried job never sends a mail twice.
 */
export async function sendMailForTicketEvent(runtime: Runtime, eventId: number): Promise<number> {
  const [event] = await runtime.db.select().from(events).where(eq(events.id, eventId));
  if (!event || event.recordType !== 'ticket') return 0;
  const siblings = await siblingEvents(runtime.db, event);
  const communication = communicationEventFor({ action: event.action, changes: event.changes, siblings });
  if (!communication) return 0;
  const rules = await runtime.db.select().from(communicationRules).where(and(eq(communicationRules.event, communication), eq(communicationRules.enabled, true)));
  if (rules.length === 0) return 0;
  const statusChange = (event.changes.statusId as { to?: string } | undefined)?.to;
  const facts = await loadTicketMailFacts(runtime.db, runtime.config, event.recordId, {
    statusId: statusChange,
    messageId: publicMessageId([event, ...siblings]),
    actorUserId: event.actorId,
  });
  if (!facts) return 0;
  const matched = matchingRules(rules, communication, facts.ticket.typeId);
  if (matched.length === 0) return 0;
  const values = { ...facts.values };
  if (communication === 'ticket_awaiting_acceptance') {
    const secret = await mailLinkSecret(runtime.db, runtime.config);
    const token = signAcceptToken({ ticketNumber: facts.ticket.number, eventId: event.id, expiresAt: new Date(event.occurredAt.getTime() + acceptLinkLifetimeMs) }, secret);
    values['accept.link'] = acceptLinkUrl(runtime.config.publicUrl, token);
  }
  const now = runtime.clock.now();
  const context = { actor: systemActor('communications'), clock: runtime.clock };
  return runtime.db.transaction(async (tx) => {
    // Jobs for one ticket's events may run at once on several workers; taking turns per ticket
    // keeps its References chain a chain (each mail sees the one before it).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7243014, hashtext(${facts.ticket.id}))`);
    let queued = 0;
    for (const rule of matched) {
      // Customer templates are written for customers; a staff template never goes to one.
      if (rule.recipient === 'customer' && templateDefinitions[rule.templateKey].audience !== 'customer') continue;
      const outcome = recipientFor(rule, { event: communication, openedBy: facts.ticket.openedBy, customerEmail: facts.customerEmail, assignee: facts.assignee, departmentEmail: facts.departmentEmail, actorUserId: event.actorId });
      if (!('address' in outcome)) continue;
      if (await isAutomatedAddress(tx, outcome.address)) continue;
      const key = deliveryKey(event.id, rule.id, outcome.address);
      const [sent] = await tx.select({ mailId: ticketMails.mailId }).from(ticketMails).where(eq(ticketMails.deliveryKey, key));
      if (sent) continue;
      const mail = await queueTicketMail(
        tx,
        runtime.config,
        { ticket: facts.ticket, to: outcome.address, recipientKind: rule.recipient, templateKey: rule.templateKey, values, automatic: true, ruleId: rule.id, eventId: event.id, deliveryKey: key },
        now,
      );
      await recordEvent(tx, context, { recordType: 'ticket', recordId: facts.ticket.id, action: 'ticket.email_sent', changes: { mailId: mail.mailId, to: outcome.address, templateKey: rule.templateKey, ruleId: rule.id, subject: mail.subject } });
      queued += 1;
    }
    return queued;
  });
}

registerJobHandler(ticketEventMailJob, async (job, runtime) => {
  await sendMailForTicketEvent(runtime, Number(job.payload.eventId));
});
