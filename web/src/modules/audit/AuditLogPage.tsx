import { useState, type FormEvent } from 'react';
import { Badge, Button, Code, Group, Table, Text, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { compactJson, formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';

interface Filters {
  recordType: string;
  action: string;
  actorId: string;
  from: string;
  to: string;
}

const noFilters: Filters = { recordType: '', action: '', actorId: '', from: '', to: '' };

/** Turns a date input (a local day) into an ISO instant: the start of `from`, the end of `to`. */
function dayBoundary(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  return new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString();
}

export function AuditLogPage() {
  const [draft, setDraft] = useState<Filters>(noFilters);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const query = usePagedQuery(['events', filters], (cursor) =>
    call(
      api.GET('/api/v1/events', {
        params: {
          query: {
            recordType: filters.recordType || undefined,
            action: filters.action || undefined,
            actorId: filters.actorId || undefined,
            from: dayBoundary(filters.from, false),
            to: dayBoundary(filters.to, true),
            cursor,
            limit: 50,
          },
        },
      }),
    ),
  );
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...draft, recordType: draft.recordType.trim(), action: draft.action.trim(), actorId: draft.actorId.trim() });
  };
  return (
    <>
      <PageHeader title="Audit log" description="Every change, who made it and when." />
      <form onSubmit={apply} data-testid="audit-filters">
        <Group align="flex-end" mb="md" gap="sm">
          <TextInput label="Record type" placeholder="user" value={draft.recordType} onChange={(e) => setDraft({ ...draft, recordType: e.currentTarget.value })} w={140} />
          <TextInput label="Action" placeholder="user.created" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })} w={180} />
          <TextInput label="Actor id" placeholder="User id" value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.currentTarget.value })} w={200} />
          <TextInput label="From" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })} />
          <TextInput label="To" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })} />
          <Button type="submit">Apply</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(noFilters);
              setFilters(noFilters);
            }}
          >
            Clear
          </Button>
        </Group>
      </form>
      {query.isPending ? (
        <LoadingState label="Loading events…" />
      ) : query.isError ? (
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.items.length === 0 ? (
        <Empty title="No events" description="Nothing matches these filters." />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="xs" fz="sm" data-testid="events-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time</Table.Th>
                <Table.Th>Actor</Table.Th>
                <Table.Th>Record type</Table.Th>
                <Table.Th>Record id</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Changes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.occurredAt)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{event.actorLabel ?? event.actorType}</Text>
                    {event.actorId && (
                      <Text size="xs" c="dimmed" title={event.actorId}>
                        {event.actorId.slice(0, 8)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{event.recordType}</Table.Td>
                  <Table.Td>
                    <Code fz="xs" title={event.recordId}>
                      {event.recordId.length > 12 ? `${event.recordId.slice(0, 8)}…` : event.recordId}
                    </Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" size="sm">
                      {event.action}
                    </Badge>
                  </Table.Td>
                  <Table.Td maw={360}>
                    <Code fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                      {compactJson(event.changes)}
                    </Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={query} />
    </>
  );
}
