import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  acceptanceAfter,
  actionForStates,
  checkAction,
  isTerminal,
  ticketStates,
  transitionAllowed,
  type Acceptance,
  type TicketAction,
  type TicketFacts,
  type TicketState,
} from './lifecycle.js';

const open: TicketFacts = { state: 'pending', assigneeId: 'u1', acceptance: 'not_required', openLinkedRecords: 0 };

describe('ticket life cycle guards', () => {
  it('runs the simple loop: respond, then complete', () => {
    const responded = checkAction(open, { action: 'respond' });
    expect(responded).toEqual({ ok: true, to: 'responded' });
    expect(checkAction({ ...open, state: 'responded' }, { action: 'complete' })).toEqual({ ok: true, to: 'completed' });
  });

  it('cancels only while pending, and only with a reason', () => {
    expect(checkAction(open, { action: 'cancel' })).toMatchObject({ ok: false, violation: { code: 'needs_reason' } });
    expect(checkAction(open, { action: 'cancel', cancellationReasonId: 'r1' })).toEqual({ ok: true, to: 'cancelled' });
    expect(checkAction({ ...open, state: 'responded' }, { action: 'cancel', cancellationReasonId: 'r1' })).toMatchObject({ ok: false, violation: { code: 'not_allowed_from_state' } });
  });

  it('needs an assignee before a ticket progresses', () => {
    expect(checkAction({ ...open, assigneeId: null }, { action: 'respond' })).toMatchObject({ ok: false, violation: { code: 'needs_assignee' } });
    // Cancelling an unassigned pending ticket is fine.
    expect(checkAction({ ...open, assigneeId: null }, { action: 'cancel', cancellationReasonId: 'r' }).ok).toBe(true);
  });

  it('waits for the customer to accept before resolving further or completing', () => {
    const awaiting: TicketFacts = { ...open, state: 'final_resolved', acceptance: 'awaiting' };
    expect(checkAction(awaiting, { action: 'complete' })).toMatchObject({ ok: false, violation: { code: 'awaiting_acceptance' } });
    expect(checkAction({ ...awaiting, state: 'responded' }, { action: 'resolve_finally' })).toMatchObject({ ok: false, violation: { code: 'awaiting_acceptance' } });
    expect(checkAction({ ...awaiting, acceptance: 'accepted' }, { action: 'complete' }).ok).toBe(true);
  });

  it('a rejection sends the ticket back to responded for another solution', () => {
    expect(checkAction({ ...open, state: 'final_resolved', acceptance: 'awaiting' }, { action: 'reject_solution' })).toEqual({ ok: true, to: 'responded' });
    expect(checkAction({ ...open, state: 'final_resolved', acceptance: 'accepted' }, { action: 'reject_solution' })).toMatchObject({ ok: false });
    expect(acceptanceAfter('reject_solution', false, 'awaiting')).toBe('rejected');
    expect(acceptanceAfter('complete', false, 'accepted')).toBe('accepted');
    expect(acceptanceAfter('complete', false, 'rejected')).toBe('not_required');
  });

  it('a temporary resolution must be followed by a final one, not completion', () => {
    expect(checkAction({ ...open, state: 'temporarily_resolved' }, { action: 'complete' })).toMatchObject({ ok: false, violation: { code: 'not_allowed_from_state' } });
  });

  it('refuses completion while linked activities are open', () => {
    expect(checkAction({ ...open, state: 'final_resolved', openLinkedRecords: 2 }, { action: 'complete' })).toMatchObject({ ok: false, violation: { code: 'open_linked_records' } });
  });

  it('nothing changes a completed or cancelled ticket', () => {
    for (const state of ['completed', 'cancelled'] as const) {
      expect(checkAction({ ...open, state }, { action: 'update_status' })).toMatchObject({ ok: false, violation: { code: 'terminal' } });
    }
  });

  it('maps a status change across states to the step it means', () => {
    expect(actionForStates('pending', 'responded')).toBe('respond');
    expect(actionForStates('responded', 'completed')).toBe('complete');
    expect(actionForStates('responded', 'responded')).toBe('update_status');
    expect(actionForStates('completed', 'pending')).toBeUndefined();
  });
});

describe('type transition rules', () => {
  const rules = [{ fromStatusId: 'new', toStatusId: 'in-process', userIds: [], unitIds: ['support'] }];
  it('restricts a from-status to the listed to-statuses and units', () => {
    expect(transitionAllowed(rules, 'new', 'in-process', { userId: 'u', unitIds: ['support'] })).toBe(true);
    expect(transitionAllowed(rules, 'new', 'in-process', { userId: 'u', unitIds: ['sales'] })).toBe(false);
    expect(transitionAllowed(rules, 'new', 'completed', { userId: 'u', unitIds: ['support'] })).toBe(false);
  });
  it('leaves statuses without rules unrestricted', () => {
    expect(transitionAllowed(rules, 'on-hold', 'completed', { userId: 'u', unitIds: [] })).toBe(true);
  });
});

describe('property: no sequence of steps reaches a state the rules forbid', () => {
  const actions: TicketAction[] = ['respond', 'resolve_temporarily', 'resolve_finally', 'complete', 'cancel', 'reject_solution', 'update_status'];
  const step = fc.record({
    action: fc.constantFrom(...actions),
    withReason: fc.boolean(),
    requiresAcceptance: fc.boolean(),
    customerAccepts: fc.boolean(),
    assign: fc.boolean(),
    openActivities: fc.nat({ max: 2 }),
  });

  it('holds for any sequence', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let facts: TicketFacts = { state: 'pending', assigneeId: null, acceptance: 'not_required', openLinkedRecords: 0 };
        const visited: TicketState[] = ['pending'];
        for (const s of steps) {
          if (s.assign && !isTerminal(facts.state)) facts = { ...facts, assigneeId: 'agent' };
          if (facts.acceptance === 'awaiting' && s.customerAccepts) facts = { ...facts, acceptance: 'accepted' };
          facts = { ...facts, openLinkedRecords: s.openActivities };
          const before = facts;
          const result = checkAction(facts, { action: s.action, cancellationReasonId: s.withReason ? 'reason' : null });
          if (!result.ok) continue;
          // The invariants every allowed step keeps:
          expect(isTerminal(before.state)).toBe(false);
          if (result.to === 'cancelled') expect(before.state).toBe('pending');
          if (result.to === 'completed') {
            expect(['responded', 'final_resolved']).toContain(before.state);
            expect(before.acceptance).not.toBe('awaiting');
            expect(before.openLinkedRecords).toBe(0);
          }
          if (result.to !== 'pending' && result.to !== 'cancelled') expect(before.assigneeId).not.toBeNull();
          if (['temporarily_resolved', 'final_resolved'].includes(result.to) && s.action !== 'update_status') {
            expect(before.acceptance).not.toBe('awaiting');
          }
          const acceptance: Acceptance = acceptanceAfter(s.action, s.requiresAcceptance, before.acceptance);
          facts = { ...before, state: result.to, acceptance };
          visited.push(result.to);
        }
        // Once terminal, always terminal.
        const firstTerminal = visited.findIndex((state) => isTerminal(state));
        if (firstTerminal >= 0) expect(new Set(visited.slice(firstTerminal)).size).toBe(1);
        expect(ticketStates).toEqual(expect.arrayContaining(visited));
      }),
      { numRuns: 500 },
    );
  });
});
