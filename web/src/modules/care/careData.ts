import { useQuery } from '@tanstack/react-query';
import { api, call, type ResponseOf } from '../../api/client';

export type Ticket = ResponseOf<'getTicket'>;
export type TicketSummary = ResponseOf<'listTickets'>['items'][number];
export type TicketStatus = ResponseOf<'listTicketStatuses'>['items'][number];
export type TicketMessage = ResponseOf<'listTicketMessages'>['items'][number];

/** Settings the queue and ticket screens show by name; they change rarely, so they are cached a while. */
export function useCareSettings() {
  const statuses = useQuery({ queryKey: ['care', 'statuses'], queryFn: () => call(api.GET('/api/v1/ticket-statuses')), staleTime: 60_000 });
  const departments = useQuery({ queryKey: ['care', 'departments'], queryFn: () => call(api.GET('/api/v1/departments', { params: { query: {} } })), staleTime: 60_000 });
  const reasons = useQuery({ queryKey: ['care', 'reasons'], queryFn: () => call(api.GET('/api/v1/cancellation-reasons')), staleTime: 60_000 });
  const statusById = new Map((statuses.data?.items ?? []).map((status) => [status.id, status]));
  const departmentById = new Map((departments.data?.items ?? []).map((department) => [department.id, department]));
  return {
    statuses: statuses.data?.items ?? [],
    departments: departments.data?.items ?? [],
    reasons: reasons.data?.items ?? [],
    statusName: (id: string | null | undefined) => (id ? (statusById.get(id)?.name ?? '…') : '—'),
    statusState: (id: string | null | undefined) => (id ? statusById.get(id)?.state : undefined),
    departmentName: (id: string | null | undefined) => (id ? (departmentById.get(id)?.name ?? '…') : '—'),
    loading: statuses.isLoading || departments.isLoading,
  };
}

export const careRights = {
  read: 'care.tickets.read',
  create: 'care.tickets.create',
  work: 'care.tickets.work',
} as const;
