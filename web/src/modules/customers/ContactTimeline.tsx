import { useState } from 'react';
import { Link } from '@tanstack/react-router';
import { Anchor, Badge, Chip, Group, Stack, Text, Timeline } from '@mantine/core';
import { api, call, type ResponseOf } from '../../api/client';
import { formatDateTime } from '../../ui/format';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';

type Entry = ResponseOf<'getCustomerTimeline'>['items'][number];
type Kind = Entry['kind'];

const kinds: { value: Kind; label: string }[] = [
  { value: 'ticket', label: 'Tickets' },
  { value: 'note', label: 'Notes' },
  { value: 'email', label: 'Emails' },
  { value: 'contact', label: 'Changes' },
];
const colors: Record<Kind, string> = { ticket: 'blue', note: 'yellow', email: 'grape', contact: 'gray', order: 'green', activity: 'teal' };

/** Everything about a contact in one feed, newest first, from the events; filter by kind. */
export function ContactTimeline({ contactId }: { contactId: string }) {
  const [shown, setShown] = useState<Kind[]>([]);
  const timeline = usePagedQuery(['contacts', 'timeline', contactId, shown], (cursor) =>
    call(api.GET('/api/v1/contacts/{id}/timeline', { params: { path: { id: contactId }, query: { kind: shown.length ? shown : undefined, cursor, limit: 30 } } })),
  );
  return (
    <Stack data-testid="contact-timeline">
      <Chip.Group multiple value={shown} onChange={(value) => setShown(value as Kind[])}>
        <Group gap="xs">
          {kinds.map((kind) => (
            <Chip key={kind.value} value={kind.value} size="xs" data-testid={`timeline-filter-${kind.value}`}>
              {kind.label}
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      <ProblemAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
      {timeline.isLoading ? (
        <LoadingState />
      ) : timeline.items.length === 0 ? (
        <Empty title="Nothing here yet" description="Tickets, notes, emails and changes for this customer appear here as they happen." />
      ) : (
        <Timeline bulletSize={14} lineWidth={2}>
          {timeline.items.map((entry) => (
            <Timeline.Item key={entry.id} color={colors[entry.kind]} data-testid="timeline-entry" data-kind={entry.kind}>
              <Group gap="xs">
                <Badge size="xs" variant="light" color={colors[entry.kind]}>
                  {entry.kind}
                </Badge>
                {entry.path ? (
                  <Anchor component={Link} to={entry.path} size="sm" fw={500}>
                    {entry.title}
                  </Anchor>
                ) : (
                  <Text size="sm" fw={500}>
                    {entry.title}
                  </Text>
                )}
              </Group>
              {entry.summary && (
                <Text size="sm" c="dimmed" lineClamp={3}>
                  {entry.summary}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {formatDateTime(entry.occurredAt)}
                {entry.actor ? ` · ${entry.actor}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      <LoadMore query={timeline} />
    </Stack>
  );
}
