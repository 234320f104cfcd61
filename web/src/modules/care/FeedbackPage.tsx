import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Anchor, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { api, call } from '../../api/client';
import { formatDateTime } from '../../ui/format';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { stars } from './TicketFeedback';

/** Customers' ratings of completed tickets, newest first; "Unhappy" keeps 1-2 stars. */
export function FeedbackPage() {
  const [filter, setFilter] = useState<'all' | 'unhappy'>('all');
  const feedback = useQuery({
    queryKey: ['tickets', 'feedback', filter],
    queryFn: () => call(api.GET('/api/v1/ticket-feedback', { params: { query: { limit: 100, ...(filter === 'unhappy' ? { maxRating: 2 } : {}) } } })),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Customer feedback</Title>
        <SegmentedControl value={filter} onChange={(value) => setFilter(value as 'all' | 'unhappy')} data={[{ value: 'all', label: 'All' }, { value: 'unhappy', label: 'Unhappy (1-2)' }]} />
      </Group>
      {feedback.error ? (
        <ProblemAlert error={feedback.error} />
      ) : !feedback.data ? (
        <LoadingState />
      ) : feedback.data.items.length === 0 ? (
        <Empty title="No ratings yet" description="Customers rate completed requests in My Account." />
      ) : (
        <Card withBorder p={0}>
          <Table striped data-testid="feedback-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ticket</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Rating</Table.Th>
                <Table.Th>Comment</Table.Th>
                <Table.Th>Rated</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {feedback.data.items.map((item) => (
                <Table.Tr key={item.ticketNumber}>
                  <Table.Td>
                    <Anchor renderRoot={(props) => <Link {...props} to="/tickets/$number" params={{ number: String(item.ticketNumber) }} />}>
                      #{item.ticketNumber} {item.subject}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{item.contactName}</Table.Td>
                  <Table.Td aria-label={`${item.rating} of 5`}>{stars(item.rating)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{item.comment || '—'}</Text>
                  </Table.Td>
                  <Table.Td>{formatDateTime(item.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
    </Stack>
  );
}
