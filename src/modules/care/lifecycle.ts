/**
 * The ticket life cycle: pure rules with no I/O. Statuses are admin-defined labels mapped to these
 * fixed states; the rules decide on states, and on the type's configured transitions between statuses.
 */
export const ticketStates = ['pending', 'responded', 'temporarily_resolved', 'final_resolved', 'completed', 'cancelled'] as const;
export type TicketState = (typeof ticketStates)[number];

export const terminalStates: readonly TicketState[] = ['completed', 'cancelled'];

/** The steps a ticket moves through; `update_status` changes the status label within the same state. */
export type TicketAction = 'respond' | 'resolve_temporarily' | 'resolve_finally' | 'complete' | 'cancel' | 'reject_solution' | 'update_status';

/** Which state each action leads to from each state. A missing entry means the action is not allowed there. */
const moves: Record<TicketState, Partial<Record<TicketAction, TicketState>>> = {
  pending: { respond: 'responded', cancel: 'cancelled', update_status: 'pending' },
  // Completing straight from a response is the simple 3dCart loop: the answer was the solution.
  responded: { respond: 'responded', resolve_temporarily: 'temporarily_resolved', resolve_finally: 'final_resolved', complete: 'completed', update_status: 'responded' },
  temporarily_resolved: { respond: 'responded', resolve_temporarily: 'temporarily_resolved', resolve_finally: 'final_resolved', reject_solution: 'responded', update_status: 'temporarily_resolved' },
  final_resolved: { respond: 'responded', resolve_finally: 'final_resolved', complete: 'completed', reject_solution: 'responded', update_status: 'final_resolved' },
  completed: {},
  cancelled: {},
};

export type Acceptance = 'not_required' | 'awaiting' | 'accepted' | 'rejected';

/** What the guards need to know about a ticket. */
export interface TicketFacts {
  state: TicketState;
  /** Set when a user holds the ticket; progress beyond pending needs one. */
  assigneeId: string | null;
  /** Acceptance of the latest response or resolution. */
  acceptance: Acceptance;
  /** Activities linked to the ticket that are not completed or cancelled. */
  openLinkedRecords: number;
}

export interface ActionInput {
  action: TicketAction;
  cancellationReasonId?: string | null;
}

export type RuleViolation =
  | { code: 'terminal'; message: string }
  | { code: 'not_allowed_from_state'; message: string }
  | { code: 'needs_assignee'; message: string }
  | { code: 'awaiting_acceptance'; message: string }
  | { code: 'needs_reason'; message: string }
  | { code: 'open_linked_records'; message: string }
  | { code: 'nothing_to_reject'; message: string };

export function isTerminal(state: TicketState): boolean {
  return terminalStates.includes(state);
}

export function nextState(state: TicketState, action: TicketAction): TicketState | undefined {
  return moves[state][action];
}

export function actionsFrom(state: TicketState): TicketAction[] {
  return Object.keys(moves[state]) as TicketAction[];
}

/** Every guard on a life-cycle step; returns the first rule it breaks, or the state it leads to. */
export function checkAction(facts: TicketFacts, input: ActionInput): { ok: true; to: TicketState } | { ok: false; violation: RuleViolation } {
  const fail = (violation: RuleViolation) => ({ ok: false as const, violation });
  if (isTerminal(facts.state)) return fail({ code: 'terminal', message: `A ${facts.state} ticket cannot change any more` });
  const to = nextState(facts.state, input.action);
  if (!to) return fail({ code: 'not_allowed_from_state', message: `Cannot ${input.action.replace(/_/g, ' ')} a ticket that is ${facts.state.replace(/_/g, ' ')}` });
  if (input.action === 'cancel' && !input.cancellationReasonId) return fail({ code: 'needs_reason', message: 'Cancelling needs a cancellation reason' });
  if (to !== 'pending' && to !== 'cancelled' && !facts.assigneeId) {
    return fail({ code: 'needs_assignee', message: 'Assign the ticket to a user (or accept it) before progressing it' });
  }
  if (input.action === 'reject_solution') {
    if (facts.acceptance !== 'awaiting') return fail({ code: 'nothing_to_reject', message: 'There is no solution waiting for acceptance' });
    return { ok: true, to };
  }
  const advancing = input.action === 'resolve_temporarily' || input.action === 'resolve_finally' || input.action === 'complete';
  if (advancing && facts.acceptance === 'awaiting') {
    return fail({ code: 'awaiting_acceptance', message: 'The customer has not accepted the current response or resolution yet' });
  }
  if (input.action === 'complete' && facts.openLinkedRecords > 0) {
    return fail({ code: 'open_linked_records', message: `${facts.openLinkedRecords} linked activit${facts.openLinkedRecords === 1 ? 'y is' : 'ies are'} still open` });
  }
  return { ok: true, to };
}

/** After a step: what acceptance the ticket waits for next. */
export function acceptanceAfter(action: TicketAction, categoryRequiresAcceptance: boolean, current: Acceptance): Acceptance {
  switch (action) {
    case 'respond':
    case 'resolve_temporarily':
    case 'resolve_finally':
      return categoryRequiresAcceptance ? 'awaiting' : 'not_required';
    case 'reject_solution':
      return 'rejected';
    case 'update_status':
      return current;
    case 'complete':
      // A completed ticket keeps showing that the customer accepted its solution.
      return current === 'accepted' ? 'accepted' : 'not_required';
    default:
      return 'not_required';
  }
}

/** A configured transition rule of a ticket type: from one status to another, for some users or units. */
export interface TransitionRule {
  fromStatusId: string;
  toStatusId: string;
  /** Empty lists on both mean anyone. */
  userIds: readonly string[];
  unitIds: readonly string[];
}

/**
 * Whether the type's transition rules let this actor move between two statuses. A type with no rule
 * starting at `from` leaves that status unrestricted, which keeps the simple loop free of set-up.
 */
export function transitionAllowed(rules: readonly TransitionRule[], fromStatusId: string, toStatusId: string, actor: { userId: string; unitIds: readonly string[] }): boolean {
  if (fromStatusId === toStatusId) return true;
  const fromRules = rules.filter((rule) => rule.fromStatusId === fromStatusId);
  if (fromRules.length === 0) return true;
  return fromRules.some(
    (rule) =>
      rule.toStatusId === toStatusId &&
      ((rule.userIds.length === 0 && rule.unitIds.length === 0) || rule.userIds.includes(actor.userId) || rule.unitIds.some((unit) => actor.unitIds.includes(unit))),
  );
}

/** Status ids the actor may move to from `from`, given allowed statuses with their states. */
export function allowedNextStatuses(
  rules: readonly TransitionRule[],
  from: { id: string; state: TicketState },
  statuses: readonly { id: string; state: TicketState }[],
  facts: TicketFacts,
  actor: { userId: string; unitIds: readonly string[] },
): string[] {
  return statuses
    .filter((status) => status.id !== from.id)
    .filter((status) => transitionAllowed(rules, from.id, status.id, actor))
    .filter((status) => {
      const action = actionForStates(from.state, status.state);
      return action !== undefined && checkAction(facts, { action, cancellationReasonId: 'any' }).ok;
    })
    .map((status) => status.id);
}

/** The step that moves a ticket from one state to another, when a status change alone asks for it. */
export function actionForStates(from: TicketState, to: TicketState): TicketAction | undefined {
  if (from === to) return 'update_status';
  const candidates: TicketAction[] = ['respond', 'resolve_temporarily', 'resolve_finally', 'complete', 'cancel', 'reject_solution'];
  return candidates.find((action) => moves[from][action] === to);
}
