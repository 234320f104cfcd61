import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, call, type ResponseOf } from '../../../api/client';
import { rights } from '../../../apps/staff/rights';
import { hasRight, useSession } from '../../../apps/staff/session';

export type TicketStatus = ResponseOf<'listTicketStatuses'>['items'][number];
export type TicketState = TicketStatus['state'];
export type Department = ResponseOf<'listDepartments'>['items'][number];
export type TicketCategory = ResponseOf<'listTicketCategories'>['items'][number];
export type CategoryKind = TicketCategory['kind'];
export type Classification = NonNullable<TicketCategory['classification']>;
export type CancellationReason = ResponseOf<'listCancellationReasons'>['items'][number];
export type PriorityModel = ResponseOf<'getPriorityModel'>;
export type PriorityLevel = PriorityModel['impacts'][number];
export type TicketType = ResponseOf<'getTicketType'>;

export const careConfigRights = { read: rights.careConfigRead, manage: rights.careConfigManage } as const;

/** Seeing the settings: either care settings right (the server also lets agents read them, but the admin screens are for these two). */
export function useCanReadCareConfig(): boolean {
  const session = useSession();
  return hasRight(session, careConfigRights.read) || hasRight(session, careConfigRights.manage);
}

export function useCanManageCareConfig(): boolean {
  return hasRight(useSession(), careConfigRights.manage);
}

export const ticketStates: readonly TicketState[] = ['pending', 'responded', 'temporarily_resolved', 'final_resolved', 'completed', 'cancelled'];
export const stateLabels: Record<TicketState, string> = {
  pending: 'Pending',
  responded: 'Responded',
  temporarily_resolved: 'Temporarily resolved',
  final_resolved: 'Finally resolved',
  completed: 'Completed',
  cancelled: 'Cancelled',
};
export const stateColors: Record<TicketState, string> = {
  pending: 'blue',
  responded: 'cyan',
  temporarily_resolved: 'yellow',
  final_resolved: 'teal',
  completed: 'green',
  cancelled: 'gray',
};

export const categoryKinds: readonly CategoryKind[] = ['request', 'response', 'temporary_resolution', 'final_resolution'];
export const kindLabels: Record<CategoryKind, string> = {
  request: 'Request',
  response: 'Response',
  temporary_resolution: 'Temporary resolution',
  final_resolution: 'Final resolution',
};
/** The state a ticket is in when it gets a category of each kind. */
export const kindStates: Record<CategoryKind, TicketState> = {
  request: 'pending',
  response: 'responded',
  temporary_resolution: 'temporarily_resolved',
  final_resolution: 'final_resolved',
};

export const classifications: readonly Classification[] = ['information', 'advice', 'standard_change', 'service_access', 'request_for_change', 'incident'];
export const classificationLabels: Record<Classification, string> = {
  information: 'Information',
  advice: 'Advice',
  standard_change: 'Standard change',
  service_access: 'Access to a service',
  request_for_change: 'Request for change',
  incident: 'Incident',
};

// The queue and ticket screens read the same keys (careData.ts), so a change here shows there at once.
export const careConfigKeys = {
  all: ['care'] as const,
  statuses: ['care', 'statuses'] as const,
  departments: ['care', 'departments'] as const,
  reasons: ['care', 'reasons'] as const,
  priorityModel: ['care', 'priority-model'] as const,
  categories: ['care', 'categories'] as const,
  types: ['care', 'types'] as const,
  type: (id: string) => ['care', 'types', id] as const,
};

export function useTicketStatuses() {
  const query = useQuery({ queryKey: careConfigKeys.statuses, queryFn: () => call(api.GET('/api/v1/ticket-statuses')) });
  return { ...query, items: [...(query.data?.items ?? [])].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name)) };
}

export function useDepartments() {
  const query = useQuery({ queryKey: careConfigKeys.departments, queryFn: () => call(api.GET('/api/v1/departments', { params: { query: {} } })) });
  return { ...query, items: query.data?.items ?? [] };
}

export function useCategories() {
  const query = useQuery({ queryKey: careConfigKeys.categories, queryFn: () => call(api.GET('/api/v1/ticket-categories', { params: { query: {} } })) });
  return { ...query, items: query.data?.items ?? [] };
}

export function useCancellationReasons() {
  const query = useQuery({ queryKey: careConfigKeys.reasons, queryFn: () => call(api.GET('/api/v1/cancellation-reasons')) });
  return { ...query, items: query.data?.items ?? [] };
}

export function usePriorityModel() {
  return useQuery({ queryKey: careConfigKeys.priorityModel, queryFn: () => call(api.GET('/api/v1/priority-model')) });
}

export function useTicketTypes() {
  const query = useQuery({ queryKey: careConfigKeys.types, queryFn: () => call(api.GET('/api/v1/ticket-types')) });
  return { ...query, items: query.data?.items ?? [] };
}

/** After any settings change: everything under ['care'] is read again (the settings and the screens that show them). */
export function refreshCareConfig(client: QueryClient) {
  return client.invalidateQueries({ queryKey: careConfigKeys.all });
}

/** "3 days", or "No target" when a type has none. */
export function describeCompleteWithin(value: TicketType['completeWithin']): string {
  if (!value) return 'No target';
  const unit = value.amount === 1 ? value.unit.replace(/s$/, '') : value.unit;
  return `${value.amount} ${unit}`;
}
