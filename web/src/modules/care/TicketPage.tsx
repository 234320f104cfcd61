import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Alert, Anchor, Badge, Button, Card, Divider, Grid, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { api, ApiError, call } from '../../api/client';
import { useCan, useSession } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { AttachmentList } from '../../ui/AttachmentList';
import { MessageMailTools } from '../mail-in/MessageMailTools';
import { AttachmentPicker, useAttachmentUploads } from '../../ui/AttachmentPicker';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { allowedNextOf, careRights, useCareSettings, useUserLabel, type Ticket } from './careData';
import { EmailCustomerButton } from '../communications/EmailCustomerButton';
import { TicketFeedback } from './TicketFeedback';
import { SolutionCategorySelect, solutionKindFor } from './SolutionCategorySelect';

const KEEP = 'keep';

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

/** Why the last write failed: a stale version (someone else saved first), a refused transition, or any other problem. */
function WriteError({ error, statusName, onReload }: { error: unknown; statusName: (id: string) => string; onReload: () => void }) {
  if (error instanceof ApiError && error.status === 412) {
    return (
      <Alert color="orange" title="Changed by someone else" data-testid="stale-alert">
        <Group justify="space-between">
          <Text size="sm">This ticket was changed by someone else — reload it, check, and try again.</Text>
          <Button size="xs" variant="light" color="orange" onClick={onReload} data-testid="reload-ticket">
            Reload
          </Button>
        </Group>
      </Alert>
    );
  }
  const allowed = allowedNextOf(error);
  return (
    <Stack gap={4}>
      <ProblemAlert error={error} />
      {allowed && (
        <Text size="sm" c="dimmed" data-testid="allowed-next">
          {allowed.length > 0 ? `Allowed next: ${allowed.map(statusName).join(', ')}` : 'No status change is allowed from here.'}
        </Text>
      )}
    </Stack>
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
  const [nextStatus, setNextStatus] = useState<string>(KEEP);
  const [reasonId, setReasonId] = useState<string | null>(null);
  const [solutionCategoryId, setSolutionCategoryId] = useState<string | null>(null);
  const [relatedNumber, setRelatedNumber] = useState<string | number>('');
  const uploads = useAttachmentUploads();
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const statusSelect = useRef<HTMLInputElement>(null);
  const focusedForReply = useRef(false);
  const assigneeLabel = useUserLabel(ticket.data?.assigneeId);
  const openerLabel = useUserLabel(ticket.data?.openedByUserId);

  // r in the queue lands here with the reply box focused, once the composer is on screen.
  useEffect(() => {
    if (reply && ticket.data && !focusedForReply.current && replyBox.current) {
      focusedForReply.current = true;
      replyBox.current.focus();
    }
  }, [reply, ticket.data]);
  useEffect(() => {
    // e focuses the status select, r the reply box.
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      if ((event.target as HTMLElement).closest('input, textarea, select, [role="dialog"], [contenteditable="true"]')) return;
      if (event.key === 'e' && statusSelect.current) {
        event.preventDefault();
        statusSelect.current.focus();
        statusSelect.current.click();
      }
      if (event.key === 'r' && replyBox.current) {
        event.preventDefault();
        replyBox.current.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const reload = () => {
    act.reset();
    respond.reset();
    void client.invalidateQueries({ queryKey: ['tickets'] });
  };
  const act = useMutation({
    mutationFn: async (action: () => Promise<unknown>) => action(),
    onMutate: (): void => respond.reset(),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['tickets'] });
      await client.invalidateQueries({ queryKey: ['history', 'ticket'] });
    },
  });
  const respond = useMutation({
    mutationFn: async (action: () => Promise<unknown>) => action(),
    onMutate: (): void => act.reset(),
    onSuccess: async () => {
      setBody('');
      uploads.clear();
      setNextStatus(KEEP);
      setReasonId(null);
      setSolutionCategoryId(null);
      await client.invalidateQueries({ queryKey: ['tickets'] });
      await client.invalidateQueries({ queryKey: ['history', 'ticket'] });
    },
  });
  const writeError = respond.error ?? act.error;

  if (ticket.isPending) return <LoadingState />;
  if (ticket.isError) return <ProblemAlert error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const t: Ticket = ticket.data;
  const version = t.version;
  const path = { params: { path: { number } } };
  const terminal = t.state === 'completed' || t.state === 'cancelled';
  const changingStatus = nextStatus !== KEEP;
  const nextIsCancel = changingStatus && settings.statusState(nextStatus) === 'cancelled';
  const solutionKind = changingStatus ? solutionKindFor(t.state, settings.statusState(nextStatus)) : undefined;
  const department = settings.department(t.departmentId);
  const inMyDepartment = department ? department.memberIds.includes(session.user.id) : false;
  const busy = act.isPending || respond.isPending;
  const statusOptions = [{ value: KEEP, label: `Keep current (${settings.statusName(t.statusId)})` }, ...t.allowedNextStatusIds.map((id) => ({ value: id, label: settings.statusName(id) }))];

  const transition = (withMessage: boolean) =>
    call(
      api.POST('/api/v1/tickets/{number}/transitions', {
        ...path,
        body: {
          version,
          statusId: nextStatus,
          cancellationReasonId: nextIsCancel ? (reasonId ?? undefined) : undefined,
          solutionCategoryId: solutionKind ? (solutionCategoryId ?? undefined) : undefined,
          message: withMessage && body.trim() ? { body, visibility, attachmentIds: uploads.attachmentIds } : undefined,
        },
      }),
    );
  const addResponse = () => respond.mutate(() => (changingStatus ? transition(true) : call(api.POST('/api/v1/tickets/{number}/messages', { ...path, body: { body, visibility, attachmentIds: uploads.attachmentIds } }))));
  const updateInfo = () => respond.mutate(() => transition(false));
  const assign = (change: { assigneeId?: string | null; departmentId?: string | null }) =>
    act.mutate(() => call(api.POST('/api/v1/tickets/{number}/assignment', { ...path, body: { version, ...change } })));
  const recordAcceptance = (accepted: boolean) =>
    act.mutate(() => call(api.POST('/api/v1/tickets/{number}/acceptance', { ...path, body: { version, accepted, comment: body.trim() || undefined } })));
  const link = () => {
    const related = Number(relatedNumber);
    if (!Number.isInteger(related) || related <= 0) return;
    act.mutate(async () => {
      await call(api.POST('/api/v1/tickets/{number}/links', { ...path, body: { relatedNumber: related } }));
      setRelatedNumber('');
    });
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Text size="sm" c="dimmed">
            <Anchor component={Link} to="/tickets" size="sm">
              Tickets
            </Anchor>{' '}
            / #{t.number}
          </Text>
          <Title order={2} data-testid="ticket-subject">
            {t.subject}
          </Title>
        </div>
        <Group gap="xs">
          {t.waitingOnStaff && (
            <Badge size="lg" color="yellow" variant="light" data-testid="ticket-waiting">
              Waiting on us
            </Badge>
          )}
          {t.keyDates.overdue && (
            <Badge size="lg" color="red" data-testid="ticket-overdue">
              Overdue
            </Badge>
          )}
          <Badge size="lg" data-testid="ticket-status" data-state={t.state} color={t.state === 'completed' ? 'green' : t.state === 'cancelled' ? 'gray' : 'blue'}>
            {settings.statusName(t.statusId)}
          </Badge>
          <EmailCustomerButton ticketNumber={t.number} customerEmail={t.contact.email} />
          <TicketFeedback feedback={t.feedback} />
        </Group>
      </Group>
      {writeError != null && <WriteError error={writeError} statusName={settings.statusName} onReload={reload} />}
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder data-testid="ticket-info">
            <Stack gap="xs">
              <Field label="Customer" testId="ticket-customer">
                {t.contact.contactId ? (
                  <Anchor renderRoot={(props) => <Link {...props} to="/customers/$id" params={{ id: t.contact.contactId! }} />} data-testid="ticket-customer-link">
                    {t.contact.name || t.contact.email || 'Customer record'}
                  </Anchor>
                ) : (
                  t.contact.name || '—'
                )}
              </Field>
              <Field label="Phone">{t.contact.phone ? <Anchor href={`tel:${t.contact.phone}`}>{t.contact.phone}</Anchor> : '—'}</Field>
              <Field label="Email">{t.contact.email ? <Anchor href={`mailto:${t.contact.email}`}>{t.contact.email}</Anchor> : '—'}</Field>
              <Divider />
              <Field label="Status">{settings.statusName(t.statusId)}</Field>
              <Field label="Opened by">
                {t.openedBy === 'customer' ? 'The customer' : openerLabel} via {t.channel}
              </Field>
              <Field label="Priority" testId="ticket-priority">
                {settings.priorityName(t.priorityId)}
              </Field>
              <Field label="Department" testId="ticket-department">
                {canWork && !terminal ? (
                  <Select
                    size="xs"
                    placeholder="No department"
                    clearable
                    aria-label="Department"
                    data={settings.departments.map((d) => ({ value: d.id, label: d.name }))}
                    value={t.departmentId}
                    onChange={(value) => value !== t.departmentId && assign({ departmentId: value })}
                    disabled={busy}
                  />
                ) : (
                  settings.departmentName(t.departmentId)
                )}
              </Field>
              <Field label="Assigned to">
                <span data-testid="ticket-assignee">{assigneeLabel}</span>
              </Field>
              {canWork && !terminal && (
                <Group gap="xs">
                  {t.assigneeId !== session.user.id && (
                    <Button size="xs" variant="light" data-testid="assign-to-me" loading={act.isPending} onClick={() => assign({ assigneeId: session.user.id })}>
                      Assign to me
                    </Button>
                  )}
                  {!t.assigneeId && inMyDepartment && (
                    <Button size="xs" variant="default" data-testid="accept-ticket" disabled={busy} onClick={() => act.mutate(() => call(api.POST('/api/v1/tickets/{number}/accept', path)))}>
                      Accept
                    </Button>
                  )}
                </Group>
              )}
              <Divider />
              <Field label="Started">{formatDateTime(t.keyDates.startedAt)}</Field>
              <Field label="Expected completion" testId="ticket-due">
                {formatDateTime(t.keyDates.expectedCompletionAt)}{' '}
                {t.keyDates.overdue && (
                  <Badge color="red" size="xs">
                    overdue
                  </Badge>
                )}
              </Field>
              <Field label="Completed">{formatDateTime(t.keyDates.completedAt)}</Field>
              <Field label="Last action">
                {formatDateTime(t.lastActionAt)} by {t.lastActionBy === 'customer' ? 'the customer' : 'staff'}
              </Field>
              {t.acceptance !== 'not_required' && (
                <Field label="Customer acceptance" testId="ticket-acceptance">
                  {t.acceptance}
                </Field>
              )}
              <Divider />
              <Field label="Related tickets" testId="ticket-related">
                {t.relatedTicketNumbers.length === 0
                  ? 'None'
                  : t.relatedTicketNumbers.map((n, index) => (
                      <span key={n}>
                        {index > 0 && ', '}
                        <Link to="/tickets/$number" params={{ number: String(n) }} search={{}} data-testid={`related-${n}`}>
                          #{n}
                        </Link>
                      </span>
                    ))}
              </Field>
              {canWork && (
                <Group gap="xs" align="flex-end">
                  <NumberInput size="xs" w={120} placeholder="Ticket #" min={1} hideControls value={relatedNumber} onChange={setRelatedNumber} aria-label="Related ticket number" data-testid="link-number" />
                  <Button size="xs" variant="default" onClick={link} disabled={!relatedNumber || busy} data-testid="link-ticket">
                    Link
                  </Button>
                </Group>
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Tabs defaultValue="conversation" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="conversation">Conversation</Tabs.Tab>
              <Tabs.Tab value="history" data-testid="ticket-history-tab">
                History
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="conversation" pt="md">
              <Stack>
                {t.acceptance === 'awaiting' && canWork && (
                  <Alert color="yellow" title="Waiting for the customer to accept the solution" data-testid="acceptance-awaiting">
                    <Group>
                      <Button size="xs" onClick={() => recordAcceptance(true)} loading={act.isPending} data-testid="record-accepted">
                        Customer accepted
                      </Button>
                      <Button size="xs" variant="default" onClick={() => recordAcceptance(false)} disabled={busy} data-testid="record-rejected">
                        Customer rejected
                      </Button>
                    </Group>
                  </Alert>
                )}
                {canWork && !terminal && (
                  <Paper withBorder p="md" data-testid="composer">
                    <Stack gap="xs">
                      <SegmentedControl
                        size="xs"
                        value={visibility}
                        onChange={(value) => setVisibility(value as typeof visibility)}
                        data={[
                          { label: 'Public reply', value: 'public' },
                          { label: 'Internal note', value: 'internal' },
                        ]}
                        data-testid="reply-visibility"
                      />
                      <Textarea
                        ref={replyBox}
                        autosize
                        minRows={3}
                        placeholder={visibility === 'public' ? 'Write to the customer…' : 'Note for colleagues (the customer does not see it)…'}
                        value={body}
                        onChange={(e) => setBody(e.currentTarget.value)}
                        data-testid="reply-body"
                        styles={visibility === 'internal' ? { input: { background: 'var(--mantine-color-yellow-light)' } } : undefined}
                      />
                      <AttachmentPicker uploads={uploads} disabled={respond.isPending} />
                      <Group align="flex-end">
                        <Select
                          ref={statusSelect}
                          label="Status"
                          allowDeselect={false}
                          data-testid="next-status"
                          value={nextStatus}
                          onChange={(value) => {
                            setNextStatus(value ?? KEEP);
                            setReasonId(null);
                            setSolutionCategoryId(null);
                          }}
                          data={statusOptions}
                          w={240}
                        />
                        {solutionKind && <SolutionCategorySelect typeId={t.typeId} kind={solutionKind} value={solutionCategoryId} onChange={setSolutionCategoryId} />}
                        {nextIsCancel && (
                          <Select label="Cancellation reason" required value={reasonId} onChange={setReasonId} data={settings.reasons.map((r) => ({ value: r.id, label: r.name }))} data-testid="cancellation-reason" w={220} />
                        )}
                        <Button
                          data-testid="add-response"
                          disabled={!body.trim() || (nextIsCancel && !reasonId) || uploads.uploading || uploads.failed}
                          loading={respond.isPending}
                          onClick={addResponse}
                        >
                          Add response
                        </Button>
                        <Button variant="default" data-testid="update-info" disabled={!changingStatus || (nextIsCancel && !reasonId) || busy} onClick={updateInfo}>
                          Update info
                        </Button>
                      </Group>
                    </Stack>
                  </Paper>
                )}
                <Group justify="space-between">
                  <Text fw={600}>Messages</Text>
                  <SegmentedControl
                    size="xs"
                    value={order}
                    onChange={(value) => setOrder(value as typeof order)}
                    data={[
                      { label: 'Oldest first', value: 'asc' },
                      { label: 'Newest first', value: 'desc' },
                    ]}
                    data-testid="message-order"
                  />
                </Group>
                {messages.isPending ? (
                  <LoadingState />
                ) : messages.isError ? (
                  <ProblemAlert error={messages.error} onRetry={() => void messages.refetch()} />
                ) : messages.data.items.length === 0 ? (
                  <Empty title="No messages yet" />
                ) : (
                  <Stack gap="sm" data-testid="messages">
                    {messages.data.items.map((message) => {
                      const internal = message.visibility === 'internal';
                      return (
                        <Paper
                          key={message.id}
                          withBorder
                          p="sm"
                          bg={internal ? 'var(--mantine-color-yellow-light)' : message.authorType === 'customer' ? 'var(--mantine-color-blue-light)' : undefined}
                          style={internal ? { borderStyle: 'dashed' } : undefined}
                          data-testid={`message-${message.visibility}`}
                        >
                          <Group justify="space-between">
                            <Group gap={6}>
                              <Text size="sm" fw={600}>
                                {message.authorName}
                              </Text>
                              <Text span size="xs" c="dimmed">
                                {message.authorType}
                              </Text>
                              {internal && (
                                <Badge size="xs" color="yellow">
                                  internal note
                                </Badge>
                              )}
                            </Group>
                            <Text size="xs" c="dimmed">
                              {formatDateTime(message.createdAt)}
                            </Text>
                          </Group>
                          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                            {message.body}
                          </Text>
                          <AttachmentList attachments={message.attachments} />
                          <MessageMailTools ticketNumber={number} messageId={message.id} />
                        </Paper>
                      );
                    })}
                  </Stack>
                )}
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <HistoryPanel
                recordType="ticket"
                recordId={t.id}
                fetchPage={(cursor) => call(api.GET('/api/v1/tickets/{number}/history', { params: { path: { number }, query: { cursor, limit: 50 } } }))}
              />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
