import type { paths } from '../../api/schema';

export type QueueSort = 'last_action' | 'created' | 'priority' | 'due';

/** The queue's filters exactly as the API takes them (listTickets' query without paging). */
export type QueueFilters = Omit<NonNullable<paths['/api/v1/tickets']['get']['parameters']['query']>, 'cursor' | 'limit'>;

export const defaultQueueFilters: QueueFilters = { sort: 'last_action' };

const filterKeys = ['statusId', 'state', 'departmentId', 'assignee', 'typeId', 'priorityId', 'categoryId', 'contactId', 'overdue', 'createdFrom', 'createdTo', 'q', 'sort'] as const;

/** Whether anything narrows the queue beyond its default order. */
export function hasNarrowingFilters(filters: QueueFilters): boolean {
  return filterKeys.some((key) => key !== 'sort' && filters[key] !== undefined && filters[key] !== '');
}

/** A saved view's stored strings back into filters; unknown keys (from an older version) are dropped. */
export function filtersFromView(stored: Record<string, string>): QueueFilters {
  const filters: Record<string, string> = { sort: 'last_action' };
  for (const key of filterKeys) if (stored[key]) filters[key] = stored[key];
  return filters as QueueFilters;
}

/** The filters worth saving in a view: set ones only. */
export function filtersForView(filters: QueueFilters): Record<string, string> {
  return Object.fromEntries(filterKeys.flatMap((key) => (filters[key] ? [[key, String(filters[key])]] : [])));
}

/** A day picked in a date input (local time) as the start or the end of that day in ISO form. */
export function dayBoundary(day: string, edge: 'start' | 'end'): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (edge === 'end') {
    date.setDate(date.getDate() + 1);
    date.setTime(date.getTime() - 1);
  }
  return date.toISOString();
}

/** An ISO boundary back to the local day a date input shows. */
export function dayOf(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
