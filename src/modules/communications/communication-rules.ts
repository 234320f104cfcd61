/**
 * Event-based communications, the pure part: which communication a ticket event stands for,
 * which admin rules it matches, and who each rule writes to. No I/O; the job supplies facts.
 */
import type { TemplateKey } from './template-tags.js';

export const communicationEvents = ['ticket_created', 'ticket_replied', 'ticket_status_changed', 'ticket_awaiting_acceptance', 'ticket_completed'] as const;
export type CommunicationEvent = (typeof communicationEvents)[number];

export const communicationEventLabels: Record<CommunicationEvent, string> = {
  ticket_created: 'A new request is opened',
  ticket_replied: 'Staff respond to the customer',
  ticket_status_changed: 'The status changes (without a response)',
  ticket_awaiting_acceptance: 'A response or resolution needs the customer’s acceptance',
  ticket_completed: 'The request is completed',
};

export const recipientKinds = ['customer', 'assignee', 'department', 'fixed'] as const;
export type RecipientKind = (typeof recipientKinds)[number];

/** The ticket events the communications job listens to. */
export const watchedTicketActions = ['ticket.created', 'ticket.message_added', 'ticket.status_changed'] as const;

export interface TicketEventFacts {
  action: string;
  changes: Record<string, unknown>;
  /**
   * The other events written for the same ticket by the same request, with their changes: a
   * reply sent with a status change is one communication, not two.
   */
  siblings: { action: string; changes: Record<string, unknown> }[];
}

function isPublicStaffMessage(event: { action: string; changes: Record<string, unknown> }): boolean {
  return event.action === 'ticket.message_added' && event.changes.visibility === 'public' && event.changes.authorType === 'staff';
}

function stateTo(changes: Record<string, unknown>): unknown {
  const state = changes.state as { to?: unknown } | undefined;
  return state?.to;
}

/** The communication a ticket event stands for, or null when it sends nothing (internal notes never do). */
export function communicationEventFor(event: TicketEventFacts): CommunicationEvent | null {
  switch (event.action) {
    case 'ticket.created':
      return 'ticket_created';
    case 'ticket.message_added': {
      if (!isPublicStaffMessage(event)) return null;
      // Written with a new ticket or a status change: that event's mail carries the message.
      if (event.siblings.some((s) => s.action === 'ticket.created' || s.action === 'ticket.status_changed')) return null;
      return 'ticket_replied';
    }
    case 'ticket.status_changed': {
      if (stateTo(event.changes) === 'completed') return 'ticket_completed';
      if (event.changes.acceptance === 'awaiting') return 'ticket_awaiting_acceptance';
      if (event.siblings.some(isPublicStaffMessage)) return 'ticket_replied';
      return 'ticket_status_changed';
    }
    default:
      return null;
  }
}

export interface CommunicationRule {
  id: string;
  event: CommunicationEvent;
  templateKey: TemplateKey;
  recipient: RecipientKind;
  fixedAddress: string | null;
  enabled: boolean;
  /** Empty: every ticket type. */
  ticketTypeIds: readonly string[];
}

/** The enabled rules for this communication and ticket type. */
export function matchingRules<Rule extends CommunicationRule>(rules: readonly Rule[], event: CommunicationEvent, ticketTypeId: string): Rule[] {
  return rules.filter((rule) => rule.enabled && rule.event === event && (rule.ticketTypeIds.length === 0 || rule.ticketTypeIds.includes(ticketTypeId)));
}

export interface RecipientFacts {
  event: CommunicationEvent;
  openedBy: 'customer' | 'staff';
  customerEmail: string | null;
  assignee: { id: string; email: string } | null;
  departmentEmail: string | null;
  /** The staff user who caused the event; nobody is mailed about their own action. */
  actorUserId: string | null;
}

export type RecipientOutcome = { address: string } | { skipped: string };

/** Who a rule writes to for this ticket, or why it writes to nobody. */
export function recipientFor(rule: Pick<CommunicationRule, 'recipient' | 'fixedAddress'>, facts: RecipientFacts): RecipientOutcome {
  switch (rule.recipient) {
    case 'customer':
      if (!facts.customerEmail) return { skipped: 'the ticket has no customer email' };
      // Staff opening a ticket choose with "Email customer" whether the customer hears of it.
      if (facts.event === 'ticket_created' && facts.openedBy === 'staff') return { skipped: 'opened by staff' };
      return { address: facts.customerEmail };
    case 'assignee':
      if (!facts.assignee) return { skipped: 'the ticket has no assignee' };
      if (facts.assignee.id === facts.actorUserId) return { skipped: 'the assignee did this themselves' };
      return { address: facts.assignee.email };
    case 'department':
      return facts.departmentEmail ? { address: facts.departmentEmail } : { skipped: 'the department has no notification email' };
    case 'fixed':
      return rule.fixedAddress ? { address: rule.fixedAddress } : { skipped: 'no fixed address' };
  }
}

/** The key that makes one event send one mail per rule and recipient, however often its job runs. */
export function deliveryKey(eventId: number, ruleId: string, address: string): string {
  return `${eventId}:${ruleId}:${address.trim().toLowerCase()}`;
}
