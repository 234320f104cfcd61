import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCareSettings } from './careData';
import { dayBoundary, dayOf, type QueueFilters, type QueueSort } from './queueFilters';

/** Filter choices that change rarely: ticket types and request categories. */
function useQueueChoices() {
  const types = useQuery({ queryKey: ['care', 'types'], queryFn: () => call(api.GET('/api/v1/ticket-types')), staleTime: 60_000 });
  const categories = useQuery({ queryKey: ['care', 'categories', 'request'], queryFn: () => call(api.GET('/api/v1/ticket-categories', { params: { query: { kind: 'request' } } })), staleTime: 60_000 });
  return {
    types: (types.data?.items ?? []).map((type) => ({ value: type.id, label: type.name })),
    categories: (categories.data?.items ?? []).map((category) => ({ value: category.id, label: category.name })),
  };
}

/**
 * The queue's filter bar. Every change goes straight to the parent's filters, except the search
 * box, which applies on Enter so typing doesn't fire a search per key.
 */
export function TicketQueueFilters({ filters, onChange }: { filters: QueueFilters; onChange: (next: QueueFilters) => void }) {
  const settings = useCareSettings();
  const choices = useQueueChoices();
  const [search, setSearch] = useState(filters.q ?? '');
  const [lastQ, setLastQ] = useState(filters.q);
  // A saved view or "clear" replaces q from outside: show it in the box.
  if (filters.q !== lastQ) {
    setLastQ(filters.q);
    setSearch(filters.q ?? '');
  }
  const set = (patch: Partial<QueueFilters>) => onChange({ ...filters, ...patch });
  const assignee = filters.assignee === 'me' || filters.assignee === 'unassigned' ? filters.assignee : 'anyone';
  const priorities = settings.priorities.map((priority) => ({ value: priority.id, label: priority.label }));

  return (
    <Group align="flex-end" gap="sm" data-testid="queue-filters">
      <Select w={170} label="Department" placeholder="All departments" clearable data={settings.departments.map((d) => ({ value: d.id, label: d.name }))} value={filters.departmentId ?? null} onChange={(value) => set({ departmentId: value ?? undefined })} data-testid="filter-department" />
      <Stack gap={4}>
        <Text size="sm" fw={500}>Assigned to</Text>
        <SegmentedControl
          value={assignee}
          onChange={(value) => set({ assignee: value === 'anyone' ? undefined : (value as 'me' | 'unassigned') })}
          data={[{ label: 'Anyone', value: 'anyone' }, { label: 'Me', value: 'me' }, { label: 'Unassigned', value: 'unassigned' }]}
          data-testid="filter-assignee"
        />
      </Stack>
      <Select w={150} label="Type" placeholder="All types" clearable data={choices.types} value={filters.typeId ?? null} onChange={(value) => set({ typeId: value ?? undefined })} data-testid="filter-type" />
      <Select w={140} label="Priority" placeholder="Any" clearable data={priorities} value={filters.priorityId ?? null} onChange={(value) => set({ priorityId: value ?? undefined })} data-testid="filter-priority" />
      <Select w={170} label="Category" placeholder="Any" clearable searchable data={choices.categories} value={filters.categoryId ?? null} onChange={(value) => set({ categoryId: value ?? undefined })} data-testid="filter-category" />
      <Select
        w={130}
        label="Overdue"
        allowDeselect={false}
        value={filters.overdue ?? 'any'}
        onChange={(value) => set({ overdue: value === 'true' || value === 'false' ? value : undefined })}
        data={[{ value: 'any', label: 'Any' }, { value: 'true', label: 'Overdue' }, { value: 'false', label: 'Not overdue' }]}
        data-testid="filter-overdue"
      />
      <TextInput w={150} type="date" label="Created from" value={dayOf(filters.createdFrom)} onChange={(e) => set({ createdFrom: dayBoundary(e.currentTarget.value, 'start') })} data-testid="filter-created-from" />
      <TextInput w={150} type="date" label="Created to" value={dayOf(filters.createdTo)} onChange={(e) => set({ createdTo: dayBoundary(e.currentTarget.value, 'end') })} data-testid="filter-created-to" />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          set({ q: search.trim() || undefined });
        }}
      >
        <TextInput label="Search" placeholder="Words, or #number (Enter)" value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid="ticket-search" />
      </form>
      <Select
        w={140}
        label="Sort by"
        data={[{ value: 'last_action', label: 'Last action' }, { value: 'created', label: 'Created' }, { value: 'priority', label: 'Priority' }, { value: 'due', label: 'Due date' }]}
        value={filters.sort ?? 'last_action'}
        onChange={(value) => set({ sort: (value as QueueSort) ?? 'last_action' })}
        allowDeselect={false}
        data-testid="sort"
      />
      <Button variant="subtle" onClick={() => onChange({ sort: filters.sort, statusId: filters.statusId })} data-testid="filters-clear">
        Clear filters
      </Button>
    </Group>
  );
}
