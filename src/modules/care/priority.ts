/** Priority from impact x urgency (CRM.COM's prioritisation model). Pure. */
export interface Level {
  id: string;
  /** 1 is the highest impact/urgency/priority. */
  rank: number;
  enabled: boolean;
}

export interface MatrixCell {
  impactId: string;
  urgencyId: string;
  priorityId: string;
}

/**
 * The full matrix: explicit cells as configured; every empty enabled pair is filled from the
 * average of its impact and urgency ranks, scaled onto the priority ranks, so that high impact
 * and high urgency always give the highest priority.
 */
export function completePriorityMatrix(impacts: readonly Level[], urgencies: readonly Level[], priorities: readonly Level[], explicit: readonly MatrixCell[]): MatrixCell[] {
  const enabledImpacts = impacts.filter((l) => l.enabled).sort((a, b) => a.rank - b.rank);
  const enabledUrgencies = urgencies.filter((l) => l.enabled).sort((a, b) => a.rank - b.rank);
  const enabledPriorities = priorities.filter((l) => l.enabled).sort((a, b) => a.rank - b.rank);
  if (enabledPriorities.length === 0) return [];
  const cells: MatrixCell[] = [];
  enabledImpacts.forEach((impact, impactIndex) => {
    enabledUrgencies.forEach((urgency, urgencyIndex) => {
      const given = explicit.find((cell) => cell.impactId === impact.id && cell.urgencyId === urgency.id);
      if (given && enabledPriorities.some((p) => p.id === given.priorityId)) {
        cells.push(given);
        return;
      }
      const spread = (position: number, count: number) => (count <= 1 ? 0 : position / (count - 1));
      const severity = (spread(impactIndex, enabledImpacts.length) + spread(urgencyIndex, enabledUrgencies.length)) / 2;
      const priority = enabledPriorities[Math.round(severity * (enabledPriorities.length - 1))]!;
      cells.push({ impactId: impact.id, urgencyId: urgency.id, priorityId: priority.id });
    });
  });
  return cells;
}

export function lookupPriority(matrix: readonly MatrixCell[], impactId: string, urgencyId: string): string | undefined {
  return matrix.find((cell) => cell.impactId === impactId && cell.urgencyId === urgencyId)?.priorityId;
}
