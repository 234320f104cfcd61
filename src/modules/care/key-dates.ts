/** SLA key dates of a ticket. Pure: the clock's "now" is an argument. */
export type DurationUnit = 'minutes' | 'hours' | 'days' | 'weeks';

const unitMs: Record<DurationUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };

export interface CompletionTarget {
  amount: number;
  unit: DurationUnit;
}

export function expectedCompletion(start: Date, target: CompletionTarget | null): Date | null {
  if (!target || target.amount <= 0) return null;
  return new Date(start.getTime() + target.amount * unitMs[target.unit]);
}

export interface KeyDates {
  startedAt: Date;
  expectedCompletionAt: Date | null;
  completedAt: Date | null;
  /** Milliseconds from start to completion, once completed. */
  timeToCompletionMs: number | null;
  overdue: boolean;
  /** How long past the expected completion: until completion, or until now while still open. */
  overdueMs: number;
}

export function keyDates(input: { startedAt: Date; expectedCompletionAt: Date | null; completedAt: Date | null }, now: Date): KeyDates {
  const end = input.completedAt ?? now;
  const overdueMs = input.expectedCompletionAt ? Math.max(0, end.getTime() - input.expectedCompletionAt.getTime()) : 0;
  return {
    startedAt: input.startedAt,
    expectedCompletionAt: input.expectedCompletionAt,
    completedAt: input.completedAt,
    timeToCompletionMs: input.completedAt ? input.completedAt.getTime() - input.startedAt.getTime() : null,
    overdue: overdueMs > 0,
    overdueMs,
  };
}
