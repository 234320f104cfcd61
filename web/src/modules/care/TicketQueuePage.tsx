import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Badge, Button, Group, SegmentedControl, Select, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { careRights, useCareSettings } from './careData';
import { NewTicketModal } from './NewTicketModal';

type Sort = 'last_action' | 'created' | 'priority' | 'due';

export function TicketQueuePage() {
  const settings = useCareSettings();
  const navigate = useNavigate();
  const canCreate = useCan(careRights.create);
  const [statusId, setStatusId] = useState<string>('all');
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [assignee, setAssignee] = useState<'anyone' | 'me' | 'unassigned'>('anyone');
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sort>('last_action');
  const [selected, setSelected] = useState(0);
  const [creating, setCreating] = useState(false);

  const counts = useQuery({
    queryKey: ['tickets', 'counts', departmentId],
    queryFn: () => call(api.GET('/api/v1/tickets/counts', { params: { query: { departmentId: departmentId ?? undefined } } })),
  });
  const filters = { statusId: statusId === 'all' ? undefined : statusId, departmentId: departmentId ?? undefined, assignee: assignee === 'anyone' ? undefined : assignee, q: q || undefined, sort };
  const tickets = usePagedQuery(['tickets', 'list', filters], (cursor) => call(api.GET('/api/v1/tickets', { params: { query: { ...filters, cursor, limit: 50 } } })));
  const countFor = useMemo(() => new Map((counts.data?.items ?? []).map((c) => [c.statusId, c])), [counts.data]);
  const total = (counts.data?.items ?? []).reduce((sum, c) => sum + c.count, 0);

  // Keyboard: j/k move, Enter opens, r opens with the reply box focused.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
      if (event.key === 'j') setSelected((index) => Math.min(index + 1, Math.max(0, tickets.items.length - 1)));
      if (event.key === 'k') setSelected((index) => Math.max(index - 1, 0));
      const ticket = tickets.items[selected];
      if (ticket && (event.key === 'Enter' || event.key === 'r')) {
        void navigate({ to: '/tickets/$number', params: { number: String(ticket.number) }, search: { reply: event.key === 'r' ? true : undefined } });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tickets.items, selected, navigate]);

  return (
    <Stack>
      <PageHeader
        title="Tickets"
        description="The queue: rows highlighted are waiting on us (the customer spoke last). Keys: j/k to move, Enter to open, r to reply."
        actions={canCreate ? <Button onClick={() => setCreating(true)} data-testid="new-ticket">New ticket</Button> : undefined}
      />
      <Tabs value={statusId} onChange={(value) => { setStatusId(value ?? 'all'); setSelected(0); }}>
        <Tabs.List>
          <Tabs.Tab value="all" data-testid="status-tab-all">All ({total})</Tabs.Tab>
          {settings.statuses.map((status) => (
            <Tabs.Tab key={status.id} value={status.id} data-testid={`status-tab-${status.name}`}>
              {status.name} (<span data-testid={`status-count-${status.name}`}>{countFor.get(status.id)?.count ?? 0}</span>)
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group align="flex-end">
        <Select label="Department" placeholder="All departments" clearable data={settings.departments.map((d) => ({ value: d.id, label: d.name }))} value={departmentId} onChange={setDepartmentId} />
        <SegmentedControl value={assignee} onChange={(value) => setAssignee(value as typeof assignee)} data={[{ label: 'Anyone', value: 'anyone' }, { label: 'Me', value: 'me' }, { label: 'Unassigned', value: 'unassigned' }]} />
        <form onSubmit={(event) => { event.preventDefault(); setQ(search.trim()); }}>
          <TextInput label="Search" placeholder="Words, or #number" value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid="ticket-search" />
        </form>
        <Select label="Sort by" data={[{ value: 'last_action', label: 'Last action' }, { value: 'created', label: 'Created' }, { value: 'priority', label: 'Priority' }, { value: 'due', label: 'Due date' }]} value={sort} onChange={(value) => setSort((value as Sort) ?? 'last_action')} allowDeselect={false} />
      </Group>
      <ProblemAlert error={tickets.error ?? counts.error} onRetry={() => void tickets.refetch()} />
      {tickets.isLoading ? (
        <LoadingState />
      ) : tickets.items.length === 0 ? (
        <Empty title="No tickets here" description="Nothing matches these filters." />
      ) : (
        <Table highlightOnHover data-testid="tickets-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Department</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Last action</Table.Th>
              <Table.Th>Due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tickets.items.map((ticket, index) => (
              <Table.Tr
                key={ticket.id}
                data-testid={`ticket-row-${ticket.number}`}
                data-waiting={ticket.waitingOnStaff ? 'true' : 'false'}
                style={{ cursor: 'pointer', fontWeight: ticket.waitingOnStaff ? 600 : undefined, background: ticket.waitingOnStaff ? 'var(--mantine-color-yellow-light)' : undefined, outline: index === selected ? '2px solid var(--mantine-color-blue-filled)' : undefined }}
                onClick={() => void navigate({ to: '/tickets/$number', params: { number: String(ticket.number) }, search: {} })}
              >
                <Table.Td>#{ticket.number}</Table.Td>
                <Table.Td>{ticket.subject}</Table.Td>
                <Table.Td>{ticket.contact.name}</Table.Td>
                <Table.Td>{settings.departmentName(ticket.departmentId)}</Table.Td>
                <Table.Td>{settings.statusName(ticket.statusId)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(ticket.lastActionAt)}</Text>
                  <Text size="xs" c="dimmed">by {ticket.lastActionBy}</Text>
                </Table.Td>
                <Table.Td>
                  {formatDateTime(ticket.keyDates.expectedCompletionAt)} {ticket.keyDates.overdue && <Badge color="red" size="xs">overdue</Badge>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore query={tickets} />
      <NewTicketModal opened={creating} onClose={() => setCreating(false)} onCreated={(number) => { setCreating(false); void navigate({ to: '/tickets/$number', params: { number: String(number) }, search: {} }); }} />
    </Stack>
  );
}
