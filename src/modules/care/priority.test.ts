import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { completePriorityMatrix, lookupPriority, type Level } from './priority.js';
import { expectedCompletion, keyDates } from './key-dates.js';

const levels = (prefix: string, count: number): Level[] => Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i + 1}`, rank: i + 1, enabled: true }));

describe('priority matrix', () => {
  it('keeps explicit cells and fills the rest so that the worst pair is the top priority', () => {
    const matrix = completePriorityMatrix(levels('i', 3), levels('u', 3), levels('p', 5), [{ impactId: 'i3', urgencyId: 'u3', priorityId: 'p4' }]);
    expect(matrix).toHaveLength(9);
    expect(lookupPriority(matrix, 'i1', 'u1')).toBe('p1');
    expect(lookupPriority(matrix, 'i3', 'u3')).toBe('p4');
    expect(lookupPriority(matrix, 'i2', 'u2')).toBe('p3');
  });

  it('skips disabled levels', () => {
    const impacts = levels('i', 3).map((l) => (l.id === 'i2' ? { ...l, enabled: false } : l));
    expect(completePriorityMatrix(impacts, levels('u', 2), levels('p', 3), [])).toHaveLength(4);
  });

  it('property: filled priorities never get better as impact or urgency get worse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (i, u, p) => {
        const matrix = completePriorityMatrix(levels('i', i), levels('u', u), levels('p', p), []);
        expect(matrix).toHaveLength(i * u);
        const rank = (impact: number, urgency: number) => Number(lookupPriority(matrix, `i${impact}`, `u${urgency}`)!.slice(1));
        for (let a = 1; a <= i; a += 1) for (let b = 1; b < u; b += 1) expect(rank(a, b)).toBeLessThanOrEqual(rank(a, b + 1));
      }),
    );
  });
});

describe('key dates', () => {
  const start = new Date('2026-03-02T09:00:00Z');
  it('expected completion comes from the type SLA', () => {
    expect(expectedCompletion(start, { amount: 2, unit: 'days' })?.toISOString()).toBe('2026-03-04T09:00:00.000Z');
    expect(expectedCompletion(start, null)).toBeNull();
  });
  it('overdue is computed against now while open, and frozen at completion', () => {
    const due = new Date('2026-03-03T09:00:00Z');
    const open = keyDates({ startedAt: start, expectedCompletionAt: due, completedAt: null }, new Date('2026-03-03T10:00:00Z'));
    expect(open).toMatchObject({ overdue: true, overdueMs: 3_600_000, timeToCompletionMs: null });
    const done = keyDates({ startedAt: start, expectedCompletionAt: due, completedAt: new Date('2026-03-03T08:00:00Z') }, new Date('2026-04-01T00:00:00Z'));
    expect(done).toMatchObject({ overdue: false, overdueMs: 0, timeToCompletionMs: 23 * 3_600_000 });
  });
});
