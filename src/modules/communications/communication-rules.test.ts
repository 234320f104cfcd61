import { describe, expect, it } from 'vitest';
import { communicationEventFor, deliveryKey, matchingRules, recipientFor, type CommunicationRule, type RecipientFacts } from './communication-rules.js';

const publicStaffMessage = { action: 'ticket.message_added', changes: { messageId: 'm1', visibility: 'public', authorType: 'staff' } };
const internalNote = { action: 'ticket.note_added', changes: { messageId: 'm2', visibility: 'internal', authorType: 'staff' } };
const statusChange = (changes: Record<string, unknown> = {}) => ({ action: 'ticket.status_changed', changes: { step: 'respond', state: { from: 'pending', to: 'responded' }, ...changes } });

describe('communicationEventFor', () => {
  it('a new ticket is ticket_created, and its first message rides along', () => {
    expect(communicationEventFor({ action: 'ticket.created', changes: {}, siblings: [publicStaffMessage] })).toBe('ticket_created');
    expect(communicationEventFor({ ...publicStaffMessage, siblings: [{ action: 'ticket.created', changes: {} }] })).toBeNull();
  });

  it('a public staff message on its own is the "CRM - Reply"', () => {
    expect(communicationEventFor({ ...publicStaffMessage, siblings: [] })).toBe('ticket_replied');
  });

  it('internal notes and customer messages send nothing to the customer', () => {
    expect(communicationEventFor({ ...internalNote, siblings: [] })).toBeNull();
    expect(communicationEventFor({ action: 'ticket.message_added', changes: { visibility: 'internal', authorType: 'staff' }, siblings: [] })).toBeNull();
    expect(communicationEventFor({ action: 'ticket.message_added', changes: { visibility: 'public', authorType: 'customer' }, siblings: [] })).toBeNull();
  });

  it('a response with a status change is one reply; without a message it is a status change', () => {
    expect(communicationEventFor({ ...statusChange(), siblings: [publicStaffMessage] })).toBe('ticket_replied');
    expect(communicationEventFor({ ...publicStaffMessage, siblings: [statusChange()] })).toBeNull();
    expect(communicationEventFor({ ...statusChange(), siblings: [] })).toBe('ticket_status_changed');
    // An internal note with the status change is not a reply.
    expect(communicationEventFor({ ...statusChange(), siblings: [internalNote] })).toBe('ticket_status_changed');
  });

  it('asking for acceptance and completing win over a plain reply', () => {
    expect(communicationEventFor({ ...statusChange({ acceptance: 'awaiting' }), siblings: [publicStaffMessage] })).toBe('ticket_awaiting_acceptance');
    expect(communicationEventFor({ ...statusChange({ state: { from: 'final_resolved', to: 'completed' } }), siblings: [publicStaffMessage] })).toBe('ticket_completed');
    expect(communicationEventFor({ ...statusChange({ acceptance: 'accepted' }), siblings: [] })).toBe('ticket_status_changed');
  });

  it('other ticket events send nothing', () => {
    for (const action of ['ticket.updated', 'ticket.assigned', 'ticket.solution_accepted', 'ticket.email_sent', 'user.created']) {
      expect(communicationEventFor({ action, changes: {}, siblings: [] }), action).toBeNull();
    }
  });
});

const rule = (overrides: Partial<CommunicationRule>): CommunicationRule => ({
  id: 'r',
  event: 'ticket_replied',
  templateKey: 'ticket_reply',
  recipient: 'customer',
  fixedAddress: null,
  enabled: true,
  ticketTypeIds: [],
  ...overrides,
});

describe('matchingRules', () => {
  it('keeps enabled rules of the event whose type filter is empty or names the ticket type', () => {
    const rules = [
      rule({ id: 'all' }),
      rule({ id: 'disabled', enabled: false }),
      rule({ id: 'other-event', event: 'ticket_completed' }),
      rule({ id: 'this-type', ticketTypeIds: ['type-a', 'type-b'] }),
      rule({ id: 'other-type', ticketTypeIds: ['type-c'] }),
    ];
    expect(matchingRules(rules, 'ticket_replied', 'type-a').map((r) => r.id)).toEqual(['all', 'this-type']);
    expect(matchingRules(rules, 'ticket_replied', 'type-c').map((r) => r.id)).toEqual(['all', 'other-type']);
    expect(matchingRules(rules, 'ticket_created', 'type-a')).toEqual([]);
  });
});

describe('recipientFor', () => {
  const facts: RecipientFacts = {
    event: 'ticket_replied',
    openedBy: 'customer',
    customerEmail: 'sam@example.com',
    assignee: { id: 'u1', email: 'agent@example.com' },
    departmentEmail: 'support@example.com',
    actorUserId: 'u2',
  };

  it('finds the customer, the assignee, the department and a fixed address', () => {
    expect(recipientFor({ recipient: 'customer', fixedAddress: null }, facts)).toEqual({ address: 'sam@example.com' });
    expect(recipientFor({ recipient: 'assignee', fixedAddress: null }, facts)).toEqual({ address: 'agent@example.com' });
    expect(recipientFor({ recipient: 'department', fixedAddress: null }, facts)).toEqual({ address: 'support@example.com' });
    expect(recipientFor({ recipient: 'fixed', fixedAddress: 'boss@example.com' }, facts)).toEqual({ address: 'boss@example.com' });
  });

  it('skips a missing address, the assignee acting themselves, and customers of staff-opened tickets on creation', () => {
    expect(recipientFor({ recipient: 'customer', fixedAddress: null }, { ...facts, customerEmail: null })).toHaveProperty('skipped');
    expect(recipientFor({ recipient: 'assignee', fixedAddress: null }, { ...facts, actorUserId: 'u1' })).toHaveProperty('skipped');
    expect(recipientFor({ recipient: 'assignee', fixedAddress: null }, { ...facts, assignee: null })).toHaveProperty('skipped');
    expect(recipientFor({ recipient: 'department', fixedAddress: null }, { ...facts, departmentEmail: null })).toHaveProperty('skipped');
    expect(recipientFor({ recipient: 'customer', fixedAddress: null }, { ...facts, event: 'ticket_created', openedBy: 'staff' })).toEqual({ skipped: 'opened by staff' });
    expect(recipientFor({ recipient: 'customer', fixedAddress: null }, { ...facts, event: 'ticket_created' })).toEqual({ address: 'sam@example.com' });
  });
});

describe('deliveryKey', () => {
  it('is one key per event, rule and recipient, whatever the address case', () => {
    expect(deliveryKey(7, 'r1', ' Sam@Example.com ')).toBe(deliveryKey(7, 'r1', 'sam@example.com'));
    expect(deliveryKey(7, 'r1', 'a@x')).not.toBe(deliveryKey(8, 'r1', 'a@x'));
    expect(deliveryKey(7, 'r1', 'a@x')).not.toBe(deliveryKey(7, 'r2', 'a@x'));
  });
});
