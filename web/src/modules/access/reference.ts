import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { rights } from '../../apps/staff/rights';
import { hasRight, useSession } from '../../apps/staff/session';

// Pickers show the first 200 entries; organisations with more search by name instead.
const pickerLimit = 200;

export function useGroupOptions() {
  const allowed = hasRight(useSession(), rights.groupsRead);
  const query = useQuery({
    queryKey: ['groups', 'options'],
    queryFn: () => call(api.GET('/api/v1/groups', { params: { query: { limit: pickerLimit } } })),
    enabled: allowed,
  });
  return { allowed, query, options: (query.data?.items ?? []).map((group) => ({ value: group.id, label: group.name })) };
}

export function useUnitOptions() {
  const allowed = hasRight(useSession(), rights.unitsRead);
  const query = useQuery({
    queryKey: ['units', 'options'],
    queryFn: () => call(api.GET('/api/v1/business-units', { params: { query: { limit: pickerLimit } } })),
    enabled: allowed,
  });
  return { allowed, query, options: (query.data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name })) };
}

export function useUserOptions() {
  const allowed = hasRight(useSession(), rights.usersRead);
  const query = useQuery({
    queryKey: ['users', 'options'],
    queryFn: () => call(api.GET('/api/v1/users', { params: { query: { limit: pickerLimit } } })),
    enabled: allowed,
  });
  return {
    allowed,
    query,
    options: (query.data?.items ?? []).map((user) => ({ value: user.id, label: user.name ? `${user.name} <${user.email}>` : user.email })),
  };
}

export function useRights() {
  return useQuery({ queryKey: ['rights'], queryFn: () => call(api.GET('/api/v1/rights')) });
}

/** Rights grouped by module for a MultiSelect (`{ group, items }`). */
export function useRightOptions() {
  const query = useRights();
  const byModule = new Map<string, { value: string; label: string }[]>();
  for (const right of query.data?.items ?? []) {
    const list = byModule.get(right.module) ?? [];
    list.push({ value: right.key, label: `${right.key} · ${right.label}` });
    byModule.set(right.module, list);
  }
  return { query, options: [...byModule.entries()].map(([group, items]) => ({ group, items })) };
}

/** Options that keep selected ids visible even when they are not in the loaded page. */
export function withSelected(options: { value: string; label: string }[], selected: string[]): { value: string; label: string }[] {
  const known = new Set(options.map((option) => option.value));
  return [...options, ...selected.filter((id) => !known.has(id)).map((id) => ({ value: id, label: id }))];
}
