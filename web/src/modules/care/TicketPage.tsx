import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Alert, Badge, Button, Card, Grid, Group, Paper, SegmentedControl, Select, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { api, ApiError, call } from '../../api/client';
import { useCan, useSession } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { careRights, useCareSettings, type Ticket } from './careData';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}

export function TicketPage({ number, reply }: { number: number; reply?: boolean }) {
  const settings = useCareSettings();
  const session = useSession();
  const canWork = useCan(careRights.work);
  const client = useQueryClient();
  const ticketKey = ['tickets', 'one', number];
  const ticket = useQuery({ queryKey: ticketKey, queryFn: () => call(api.GET('/api/v1/tickets/{number}', { params: { path: { number } } })) });
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const messages = useQuery({
    queryKey: ['tickets', 'messages', number, order],
    queryFn: () => call(api.GET('/api/v1/tickets/{number}/messages', { params: { path: { number }, query: { order, limit: 200 } } })),
  });
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [nextStatus, setNextStatus] = useState<string | null>(null);
  const [reasonId, setReasonId] = useState<string | null>(null);
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const statusSelect = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (reply) replyBox.current?.focus();
  }, [reply]);
  useEffect(() => {
    // e focuses the status select, as in the queue's keyboard model.
    const onKey = (event: KeyboardEvent) => {
      if ((event.target as HTMLElement).closest('input, textarea, select')) return;
      if (event.key === 'e') {
        event.preventDefault();
        statusSelect.current?.focus();
      }
      if (event.key === 'r') {
        event.preventDefault();
        replyBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['tickets'] });
  };
  const act = useMutation({
    mutationFn: async (action: () => Promise<unknown>) => action(),
    onSuccess: async () => {
      setBody('');
      setNextStatus(null);
      setReasonId(null);
      await refresh();
    },
  });

  if (ticket.isPending) return <LoadingState />;
  if (ticket.isError) return <ProblemAlert error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const t: Ticket = ticket.data;
  const version = t.version;
  const terminal = t.state === 'completed' || t.state === 'cancelled';
  const nextIsCancel = nextStatus ? settings.statusState(nextStatus) === 'cancelled' : false;
  const inMyDepartment = t.departmentId ? session.unitIds.includes(t.departmentId) : false;

  const addResponse = () =>
    act.mutate(() =>
      nextStatus
        ? call(api.POST('/api/v1/tickets/{number}/transitions', { params: { path: { number } }, body: { version, statusId: nextStatus, cancellationReasonId: reasonId ?? undefined, message: body ? { body, visibility } : undefined } }))
        : call(api.POST('/api/v1/tickets/{number}/messages', { params: { path: { number } }, body: { body, visibility } })),
    );
  const updateInfo = () =>
    nextStatus && act.mutate(() => call(api.POST('/api/v1/tickets/{number}/transitions', { params: { path: { number } }, body: { version, statusId: nextStatus, cancellationReasonId: reasonId ?? undefined } })));
  const stale = act.error instanceof ApiError && act.error.status === 412;

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Text size="sm" c="dimmed"><Link to={"/tickets" as "/"}>Tickets</Link> / #{t.number}</Text>
          <Title order={2} data-testid="ticket-subject">{t.subject}</Title>
        </div>
        <Badge size="lg" data-testid="ticket-status" color={terminal ? 'gray' : t.waitingOnStaff ? 'yellow' : 'blue'}>{settings.statusName(t.statusId)}</Badge>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Stack gap="xs">
              <Field label="Customer">{t.contact.name || '—'}</Field>
              <Field label="Email">{t.contact.email ?? '—'}</Field>
              <Field label="Phone">{t.contact.phone ?? '—'}</Field>
              <Field label="Opened by">{t.openedBy} via {t.channel}</Field>
              <Field label="Department">{settings.departmentName(t.departmentId)}</Field>
              <Field label="Assigned to">
                <span data-testid="ticket-assignee">{t.assigneeId ? (t.assigneeId === session.user.id ? 'You' : 'A colleague') : 'Nobody yet'}</span>
              </Field>
              {canWork && !terminal && !t.assigneeId && (
                <Group gap="xs">
                  <Button size="xs" variant="light" data-testid="assign-to-me" loading={act.isPending} onClick={() => act.mutate(() => call(api.POST('/api/v1/tickets/{number}/assignment', { params: { path: { number } }, body: { version, assigneeId: session.user.id } })))}>
                    Assign to me
                  </Button>
                  {inMyDepartment && (
                    <Button size="xs" variant="default" data-testid="accept-ticket" onClick={() => act.mutate(() => call(api.POST('/api/v1/tickets/{number}/accept', { params: { path: { number } } })))}>
                      Accept
                    </Button>
                  )}
                </Group>
              )}
              <Field label="Started">{formatDateTime(t.keyDates.startedAt)}</Field>
              <Field label="Expected completion">
                {formatDateTime(t.keyDates.expectedCompletionAt)} {t.keyDates.overdue && <Badge color="red" size="xs">overdue</Badge>}
              </Field>
              {t.keyDates.completedAt && <Field label="Completed">{formatDateTime(t.keyDates.completedAt)}</Field>}
              <Field label="Last action">{formatDateTime(t.lastActionAt)} by {t.lastActionBy}</Field>
              {t.relatedTicketNumbers.length > 0 && <Field label="Related">{t.relatedTicketNumbers.map((n) => `#${n}`).join(', ')}</Field>}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Tabs defaultValue="conversation">
            <Tabs.List>
              <Tabs.Tab value="conversation">Conversation</Tabs.Tab>
              <Tabs.Tab value="history" data-testid="ticket-history-tab">History</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="conversation" pt="md">
              <Stack>
                {t.acceptance === 'awaiting' && canWork && (
                  <Alert color="yellow" title="Waiting for the customer to accept the solution">
                    <Group>
                      <Button size="xs" onClick={() => act.mutate(() => call(api.POST('/api/v1/tickets/{number}/acceptance', { params: { path: { number } }, body: { version, accepted: true } })))}>Record acceptance</Button>
                      <Button size="xs" variant="default" onClick={() => act.mutate(() => call(api.POST('/api/v1/tickets/{number}/acceptance', { params: { path: { number } }, body: { version, accepted: false } })))}>Record rejection</Button>
                    </Group>
                  </Alert>
                )}
                {canWork && !terminal && (
                  <Paper withBorder p="md" data-testid="composer">
                    <Stack gap="xs">
                      {stale ? <Alert color="orange">Someone else changed this ticket. It has been reloaded; check it and try again.</Alert> : <ProblemAlert error={act.error} />}
                      <SegmentedControl size="xs" value={visibility} onChange={(value) => setVisibility(value as typeof visibility)} data={[{ label: 'Public reply', value: 'public' }, { label: 'Internal note', value: 'internal' }]} />
                      <Textarea ref={replyBox} autosize minRows={3} placeholder={visibility === 'public' ? 'Write to the customer…' : 'Note for colleagues…'} value={body} onChange={(e) => setBody(e.currentTarget.value)} data-testid="reply-body" />
                      <Group align="flex-end">
                        <Select ref={statusSelect} label="Change status to" placeholder="Keep current status" clearable data-testid="next-status" value={nextStatus} onChange={setNextStatus} data={t.allowedNextStatusIds.map((id) => ({ value: id, label: settings.statusName(id) }))} />
                        {nextIsCancel && <Select label="Cancellation reason" required value={reasonId} onChange={setReasonId} data={settings.reasons.map((r) => ({ value: r.id, label: r.name }))} />}
                        <Button data-testid="add-response" disabled={!body && !nextStatus} loading={act.isPending} onClick={addResponse}>Add response</Button>
                        <Button variant="default" data-testid="update-info" disabled={!nextStatus} onClick={updateInfo}>Update info</Button>
                      </Group>
                    </Stack>
                  </Paper>
                )}
                <Group justify="space-between">
                  <Text fw={600}>Messages</Text>
                  <SegmentedControl size="xs" value={order} onChange={(value) => setOrder(value as typeof order)} data={[{ label: 'Oldest first', value: 'asc' }, { label: 'Newest first', value: 'desc' }]} />
                </Group>
                {messages.isPending ? <LoadingState /> : messages.isError ? <ProblemAlert error={messages.error} /> : messages.data.items.length === 0 ? <Empty title="No messages yet" /> : (
                  <Stack gap="sm" data-testid="messages">
                    {messages.data.items.map((message) => (
                      <Paper key={message.id} withBorder p="sm" bg={message.visibility === 'internal' ? 'var(--mantine-color-yellow-light)' : undefined} data-testid={`message-${message.visibility}`}>
                        <Group justify="space-between">
                          <Text size="sm" fw={600}>{message.authorName} <Text span size="xs" c="dimmed">({message.authorType}{message.visibility === 'internal' ? ', internal note' : ''})</Text></Text>
                          <Text size="xs" c="dimmed">{formatDateTime(message.createdAt)}</Text>
                        </Group>
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{message.body}</Text>
                      </Paper>
                    ))}
                  </Stack>
                )}
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <HistoryPanel recordType="ticket" recordId={t.id} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
