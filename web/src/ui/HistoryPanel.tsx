import { Badge, Code, Stack, Table, Text } from '@mantine/core';
import { api, call, type ResponseOf } from '../api/client';
import { compactJson, formatDateTime } from './format';
import { LoadMore, usePagedQuery, type Page } from './paging';
import { ProblemAlert } from './ProblemAlert';
import { Empty, LoadingState } from './States';

type HistoryEvent = ResponseOf<'getRecordHistory'>['items'][number];

interface HistoryPanelProps {
  recordType: string;
  recordId: string;
  /** A module's own history endpoint (e.g. getTicketHistory); the generic record history otherwise. */
  fetchPage?: (cursor: string | undefined) => Promise<Page<HistoryEvent>>;
}

/** "View history" for any record: the events written with its changes, newest first. */
export function HistoryPanel({ recordType, recordId, fetchPage }: HistoryPanelProps) {
  const query = usePagedQuery(['history', recordType, recordId], (cursor) =>
    fetchPage ? fetchPage(cursor) : call(api.GET('/api/v1/history/{recordType}/{recordId}', { params: { path: { recordType, recordId }, query: { cursor, limit: 50 } } })),
  );
  if (query.isPending) return <LoadingState label="Loading history…" />;
  if (query.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.items.length === 0) return <Empty title="No history yet" description="Changes to this record will be listed here." />;
  return (
    <Stack gap="xs" data-testid="history-panel">
      <Table striped verticalSpacing="xs" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>What</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {query.items.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.occurredAt)}</Table.Td>
              <Table.Td>
                <Text size="sm">{event.actorLabel ?? event.actorType}</Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" size="sm">
                  {event.action}
                </Badge>
                {event.changes != null && (
                  <Code block mt={4} fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {compactJson(event.changes)}
                  </Code>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <LoadMore query={query} />
    </Stack>
  );
}
