import { useQuery } from '@tanstack/react-query';
import { api, ApiError, call, type ResponseOf } from '../../api/client';
import { hasRight, useSession } from '../../apps/staff/session';

export type Ticket = ResponseOf<'getTicket'>;
export type TicketSummary = ResponseOf<'listTickets'>['items'][number];
export type TicketStatus = ResponseOf<'listTicketStatuses'>['items'][number];
export type TicketMessage = ResponseOf<'listTicketMessages'>['items'][number];

/** Settings the queue and ticket screens show by name; they change rarely, so they are cached a while. */
export function useCareSettings() {
  const statuses = useQuery({ queryKey: ['care', 'statuses'], queryFn: () => call(api.GET('/api/v1/ticket-statuses')), staleTime: 60_000 });
  const departments = useQuery({ queryKey: ['care', 'departments'], queryFn: () => call(api.GET('/api/v1/departments', { params: { query: {} } })), staleTime: 60_000 });
  const reasons = useQuery({ queryKey: ['care', 'reasons'], queryFn: () => call(api.GET('/api/v1/cancellation-reasons')), staleTime: 60_000 });
  const priorities = useQuery({ queryKey: ['care', 'priority-model'], queryFn: () => call(api.GET('/api/v1/priority-model')), staleTime: 60_000 });
  const statusById = new Map((statuses.data?.items ?? []).map((status) => [status.id, status]));
  const departmentById = new Map((departments.data?.items ?? []).map((department) => [department.id, department]));
  const priorityById = new Map((priorities.data?.priorities ?? []).map((priority) => [priority.id, priority]));
  return {
    statuses: [...(statuses.data?.items ?? [])].sort((a, b) => a.position - b.position),
    departments: departments.data?.items ?? [],
    reasons: reasons.data?.items ?? [],
    priorities: priorities.data?.priorities ?? [],
    statusName: (id: string | null | undefined) => (id ? (statusById.get(id)?.name ?? '…') : '—'),
    statusState: (id: string | null | undefined) => (id ? statusById.get(id)?.state : undefined),
    departmentName: (id: string | null | undefined) => (id ? (departmentById.get(id)?.name ?? '…') : '—'),
    department: (id: string | null | undefined) => (id ? departmentById.get(id) : undefined),
    priorityName: (id: string | null | undefined) => (id ? (priorityById.get(id)?.label ?? '…') : '—'),
    loading: statuses.isLoading || departments.isLoading,
    error: statuses.error ?? departments.error,
  };
}

export const careRights = {
  read: 'care.tickets.read',
  create: 'care.tickets.create',
  work: 'care.tickets.work',
} as const;

/** Reading tickets: the read right, or the work right (which implies it on the server too). */
export function useCanReadTickets(): boolean {
  const session = useSession();
  return hasRight(session, careRights.read) || hasRight(session, careRights.work);
}

/** The name of a staff user, when the viewer may look users up; "You" for the viewer. */
export function useUserLabel(userId: string | null | undefined): string {
  const session = useSession();
  const canReadUsers = hasRight(session, 'access.users.read');
  const mine = userId === session.user.id;
  const user = useQuery({
    queryKey: ['users', 'one', userId],
    queryFn: () => call(api.GET('/api/v1/users/{id}', { params: { path: { id: userId! } } })),
    enabled: Boolean(userId) && !mine && canReadUsers,
    staleTime: 60_000,
    retry: false,
  });
  if (!userId) return 'Nobody yet';
  if (mine) return 'You';
  return user.data?.name || user.data?.email || 'A colleague';
}

/** Extension members of a problem, e.g. allowedNextStatusIds on a refused transition. */
export function allowedNextOf(error: unknown): string[] | undefined {
  if (!(error instanceof ApiError) || error.problem.code !== 'transition_not_allowed') return undefined;
  const allowed = (error.problem as unknown as { allowedNextStatusIds?: unknown }).allowedNextStatusIds;
  return Array.isArray(allowed) ? allowed.filter((id): id is string => typeof id === 'string') : [];
}
