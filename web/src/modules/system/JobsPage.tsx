import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Code, SegmentedControl, Table, Text } from '@mantine/core';
import { api, call, type Job } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { compactJson, formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';

type JobStatus = 'pending' | 'running' | 'done' | 'dead';
const statusColors: Record<JobStatus, string> = { pending: 'yellow', running: 'blue', done: 'green', dead: 'red' };

export function JobsPage() {
  const client = useQueryClient();
  const [status, setStatus] = useState<JobStatus>('dead');
  const [retrying, setRetrying] = useState<Job | null>(null);
  const query = usePagedQuery(['jobs', status], (cursor) => call(api.GET('/api/v1/jobs', { params: { query: { status, cursor, limit: 50 } } })));
  const retry = useMutation({
    mutationFn: (id: number) => call(api.POST('/api/v1/jobs/{id}/retry', { params: { path: { id } } })),
    onSuccess: async () => {
      setRetrying(null);
      await client.invalidateQueries({ queryKey: ['jobs'] });
    },
  });
  return (
    <>
      <PageHeader title="Jobs" description="Background work: notifications, mail, webhooks. Dead jobs ran out of attempts and wait for you." />
      <SegmentedControl
        mb="md"
        value={status}
        onChange={(value) => setStatus(value as JobStatus)}
        data={[
          { value: 'dead', label: 'Dead' },
          { value: 'pending', label: 'Pending' },
          { value: 'running', label: 'Running' },
          { value: 'done', label: 'Done' },
        ]}
        aria-label="Job status"
      />
      {query.isPending ? (
        <LoadingState label="Loading jobs…" />
      ) : query.isError ? (
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.items.length === 0 ? (
        <Empty title={`No ${status} jobs`} description={status === 'dead' ? 'Nothing has failed for good. Good.' : undefined} />
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" data-testid="jobs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Run at</Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.items.map((job) => (
                <Table.Tr key={job.id} data-testid="job-row">
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {job.name}
                    </Text>
                    <Code fz="xs">{compactJson(job.payload, 120)}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColors[job.status as JobStatus] ?? 'gray'}>
                      {job.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {job.attempts} / {job.maxAttempts}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(job.runAt)}</Table.Td>
                  <Table.Td maw={360}>
                    <Text size="xs" c={job.lastError ? 'red' : 'dimmed'} style={{ wordBreak: 'break-word' }} lineClamp={4}>
                      {job.lastError ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {job.status === 'dead' && (
                      <Button size="compact-sm" variant="light" onClick={() => setRetrying(job)}>
                        Retry
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={query} />
      <ConfirmDialog
        opened={retrying !== null}
        title="Retry job?"
        message={`“${retrying?.name}” will run again as soon as a worker is free.`}
        confirmLabel="Retry"
        color="blue"
        onConfirm={() => retrying && retry.mutate(retrying.id)}
        onClose={() => {
          retry.reset();
          setRetrying(null);
        }}
        loading={retry.isPending}
        error={retry.error}
      />
    </>
  );
}
