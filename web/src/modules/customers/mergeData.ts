import type { ResponseOf } from '../../api/client';

export type DuplicatePair = ResponseOf<'findDuplicateContacts'>['items'][number];
export type MergePreview = ResponseOf<'mergeContacts', 200>;
export type MergeResult = ResponseOf<'mergeContacts', 201>;
export type ContactMerge = ResponseOf<'listContactMerges'>['items'][number];
export type MergeSide = 'winner' | 'loser';

/**
 * The merge just made, handed from the merge screen to the winner's page (which says so and
 * offers the undo). Kept in memory only: a reload simply shows the page without the notice.
 */
let justMerged: { winnerId: string; merge: MergeResult['merge'] } | null = null;

export function rememberMerge(winnerId: string, merge: MergeResult['merge']): void {
  justMerged = { winnerId, merge };
}

export function takeJustMerged(winnerId: string): MergeResult['merge'] | null {
  if (justMerged?.winnerId !== winnerId) return null;
  const { merge } = justMerged;
  justMerged = null;
  return merge;
}

const moveLabels: Record<string, string> = {
  tickets: 'tickets',
  notes: 'notes',
  accounts: 'accounts held',
  account_contacts: 'accounts acted on',
  portal_account: 'My Account sign-in',
  ticket_feedback: 'ticket ratings',
  merged_contacts: 'contacts merged before',
};

/** "tickets (3), notes (1)" from the moved counts of a merge. */
export function movedSummary(moved: Record<string, number>): string {
  const parts = Object.entries(moved)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${moveLabels[kind] ?? kind} (${count})`);
  return parts.length ? parts.join(', ') : 'nothing else';
}
