import { useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Badge, Button, Stack, Table, Tabs, Text } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { careRights, useCareSettings } from './careData';
import { NewTicketModal } from './NewTicketModal';
import { defaultQueueFilters, hasNarrowingFilters, type QueueFilters } from './queueFilters';
import { SavedViewsMenu } from './SavedViewsMenu';
import { TicketQueueFilters } from './TicketQueueFilters';

export function TicketQueuePage() {
  const settings = useCareSettings();
  const navigate = useNavigate();
  const canCreate = useCan(careRights.create);
  const [filters, setFilters] = useState<QueueFilters>(defaultQueueFilters);
  const [selected, setSelected] = useState(0);
  const [creating, setCreating] = useState(false);
  const statusId = filters.statusId ?? 'all';
  const changeFilters = (next: QueueFilters) => {
    setFilters(next);
    setSelected(0);
  };

  const counts = useQuery({
    queryKey: ['tickets', 'counts', filters.departmentId],
    queryFn: () => call(api.GET('/api/v1/tickets/counts', { params: { query: { departmentId: filters.departmentId } } })),
  });
  const tickets = usePagedQuery(['tickets', 'list', filters], (cursor) => call(api.GET('/api/v1/tickets', { params: { query: { ...filters, cursor, limit: 50 } } })));
  const countFor = useMemo(() => new Map((counts.data?.items ?? []).map((c) => [c.statusId, c])), [counts.data]);
  const total = (counts.data?.items ?? []).reduce((sum, c) => sum + c.count, 0);

  // Keyboard: j/k move, Enter opens, r opens with the reply box focused.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (creating || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [role="dialog"], [contenteditable="true"]')) return;
      // Enter on a focused button or link keeps its own meaning.
      if (event.key === 'Enter' && target.closest('button, a, [role="tab"]')) return;
      const last = Math.max(0, tickets.items.length - 1);
      if (event.key === 'j' || event.key === 'k') {
        const next = event.key === 'j' ? Math.min(selected + 1, last) : Math.max(selected - 1, 0);
        setSelected(next);
        document.querySelector(`[data-row-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
        return;
      }
      const ticket = tickets.items[Math.min(selected, last)];
      if (ticket && (event.key === 'Enter' || event.key === 'r')) {
        event.preventDefault();
        void navigate({ to: '/tickets/$number', params: { number: String(ticket.number) }, search: { reply: event.key === 'r' ? true : undefined } });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tickets.items, selected, navigate, creating]);
  return (
    <Stack>
      <PageHeader
        title="Tickets"
        description="Highlighted rows are waiting on us: the customer spoke last. Keys: j/k move, Enter opens, r replies, e (on a ticket) edits the status."
        actions={canCreate ? <Button onClick={() => setCreating(true)} data-testid="new-ticket">New ticket</Button> : undefined}
      />
      <Tabs value={statusId} onChange={(value) => changeFilters({ ...filters, statusId: !value || value === 'all' ? undefined : value })}>
        <Tabs.List>
          <Tabs.Tab value="all" data-testid="status-tab-all">All ({total})</Tabs.Tab>
          {settings.statuses.map((status) => (
            <Tabs.Tab key={status.id} value={status.id} data-testid={`status-tab-${status.name}`}>
              {status.name} (<span data-testid={`status-count-${status.name}`}>{countFor.get(status.id)?.count ?? 0}</span>)
              {(countFor.get(status.id)?.waitingOnStaff ?? 0) > 0 && (
                <Badge ml={6} size="xs" color="yellow" variant="filled" title="Waiting on us">
                  {countFor.get(status.id)?.waitingOnStaff}
                </Badge>
              )}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <TicketQueueFilters filters={filters} onChange={changeFilters} />
      <SavedViewsMenu filters={filters} onApply={changeFilters} />
      <ProblemAlert error={tickets.error ?? counts.error} onRetry={() => void tickets.refetch()} />
      {tickets.isLoading ? (
        <LoadingState />
      ) : tickets.items.length === 0 ? (
        <Empty title="No tickets here" description={hasNarrowingFilters(filters) ? 'Nothing matches these filters.' : 'When customers write in, their tickets appear here.'} />
      ) : (
        <Table highlightOnHover data-testid="tickets-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Department</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Last action</Table.Th>
              <Table.Th>Due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tickets.items.map((ticket, index) => (
              <Table.Tr
                key={ticket.id}
                data-testid={`ticket-row-${ticket.number}`}
                data-row-index={index}
                data-selected={index === selected ? 'true' : undefined}
                className={ticket.waitingOnStaff ? 'ticket-row-waiting' : undefined}
                data-waiting={ticket.waitingOnStaff ? 'true' : 'false'}
                style={{ cursor: 'pointer', fontWeight: ticket.waitingOnStaff ? 600 : undefined, background: ticket.waitingOnStaff ? 'var(--mantine-color-yellow-light)' : undefined, outline: index === selected ? '2px solid var(--mantine-color-blue-filled)' : undefined, outlineOffset: -2 }}
                onClick={() => void navigate({ to: '/tickets/$number', params: { number: String(ticket.number) }, search: {} })}
              >
                <Table.Td>
                  #{ticket.number}
                  {ticket.waitingOnStaff && <Badge ml={6} size="xs" color="yellow" data-testid="ticket-row-waiting">waiting</Badge>}
                </Table.Td>
                <Table.Td>{ticket.subject}</Table.Td>
                <Table.Td>{ticket.contact.name || ticket.contact.email || '—'}</Table.Td>
                <Table.Td>{settings.departmentName(ticket.departmentId)}</Table.Td>
                <Table.Td>{settings.statusName(ticket.statusId)}</Table.Td>
                <Table.Td>{settings.priorityName(ticket.priorityId)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(ticket.lastActionAt)}</Text>
                  <Text size="xs" c="dimmed">by {ticket.lastActionBy === 'customer' ? 'the customer' : 'staff'}</Text>
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
