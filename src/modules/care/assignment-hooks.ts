import type { Queryable } from '../../platform/db/client.js';
import type { TicketChannel } from './tickets.tables.js';

/** What is known about a ticket about to be opened, for rules that route it. */
export interface NewTicketFacts {
  typeId: string;
  categoryId: string | null;
  channel: TicketChannel;
  departmentId: string | null;
  subject: string;
}

export interface AssignmentSuggestion {
  departmentId?: string;
  assigneeId?: string;
}

/**
 * Auto-assignment by type, department or other rules belongs to the automation module; this is
 * where it plugs in. A hook runs before the ticket is written and may fill the department and
 * the assignee that the request left empty (it never overrides what the caller chose).
 */
export type TicketAssignmentHook = (db: Queryable, facts: NewTicketFacts) => Promise<AssignmentSuggestion | undefined>;

const hooks: TicketAssignmentHook[] = [];

export function registerTicketAssignmentHook(hook: TicketAssignmentHook): () => void {
  hooks.push(hook);
  return () => {
    const index = hooks.indexOf(hook);
    if (index >= 0) hooks.splice(index, 1);
  };
}

/** The first hook that suggests something decides; fields the caller set are kept. */
export async function suggestAssignment(db: Queryable, facts: NewTicketFacts, chosen: { departmentId?: string; assigneeId?: string }): Promise<{ departmentId: string | null; assigneeId: string | null }> {
  let suggestion: AssignmentSuggestion | undefined;
  if (!chosen.departmentId || !chosen.assigneeId) {
    for (const hook of hooks) {
      suggestion = await hook(db, facts);
      if (suggestion && (suggestion.departmentId || suggestion.assigneeId)) break;
    }
  }
  return { departmentId: chosen.departmentId ?? suggestion?.departmentId ?? null, assigneeId: chosen.assigneeId ?? suggestion?.assigneeId ?? null };
}
