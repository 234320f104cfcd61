import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Code, Drawer, Stack, Table, Tabs, Text } from '@mantine/core';
import { api, call } from '../../api/client';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';

const statusColors: Record<string, string> = { sent: 'green', stored: 'blue', pending: 'yellow', failed: 'red', dead: 'red' };

export function OutboxPage() {
  const [openId, setOpenId] = useState<string | null>(null);
  const query = usePagedQuery(['outbox', 'list'], (cursor) => call(api.GET('/api/v1/outbox', { params: { query: { cursor, limit: 50 } } })));
  return (
    <>
      <PageHeader title="Outbox" description="Outgoing mail. Without an SMTP server, mail is kept here so you can still read every notification." />
      {query.isPending ? (
        <LoadingState label="Loading mail…" />
      ) : query.isError ? (
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.items.length === 0 ? (
        <Empty title="No outgoing mail yet" />
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="outbox-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>To</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.items.map((mail) => (
                <Table.Tr key={mail.id} style={{ cursor: 'pointer' }} onClick={() => setOpenId(mail.id)} data-testid="outbox-row">
                  <Table.Td>{mail.toAddress}</Table.Td>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" px={0}>
                      {mail.subject || '(no subject)'}
                    </Button>
                    {mail.lastError && (
                      <Text size="xs" c="red" lineClamp={1}>
                        {mail.lastError}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColors[mail.status] ?? 'gray'}>
                      {mail.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(mail.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={query} />
      <MailDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

function MailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const query = useQuery({
    queryKey: ['outbox', 'one', id],
    queryFn: () => call(api.GET('/api/v1/outbox/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
  const mail = query.data;
  return (
    <Drawer opened={!!id} onClose={onClose} position="right" size="xl" title={mail?.subject ?? 'Mail'}>
      {query.isPending ? (
        <LoadingState />
      ) : query.isError ? (
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : mail ? (
        <Stack>
          <Stack gap={2}>
            <Text size="sm">
              <b>From:</b> {mail.fromAddress}
            </Text>
            <Text size="sm">
              <b>To:</b> {mail.toAddress}
            </Text>
            <Text size="sm">
              <b>Status:</b> {mail.status} · created {formatDateTime(mail.createdAt)}
              {mail.sentAt ? ` · sent ${formatDateTime(mail.sentAt)}` : ''}
            </Text>
            {mail.lastError && (
              <Text size="sm" c="red">
                <b>Last error:</b> {mail.lastError}
              </Text>
            )}
          </Stack>
          <Tabs defaultValue={mail.htmlBody ? 'html' : 'text'}>
            <Tabs.List>
              {mail.htmlBody && <Tabs.Tab value="html">HTML</Tabs.Tab>}
              <Tabs.Tab value="text">Text</Tabs.Tab>
              <Tabs.Tab value="headers">Headers</Tabs.Tab>
            </Tabs.List>
            {mail.htmlBody && (
              <Tabs.Panel value="html" pt="sm">
                {/* An empty sandbox: no scripts, no forms, no same-origin access for the mail's HTML. */}
                <iframe title="HTML body" sandbox="" srcDoc={mail.htmlBody} style={{ width: '100%', height: 480, border: '1px solid var(--mantine-color-default-border)', borderRadius: 4, background: 'white' }} data-testid="mail-html" />
              </Tabs.Panel>
            )}
            <Tabs.Panel value="text" pt="sm">
              <Code block style={{ whiteSpace: 'pre-wrap' }} data-testid="mail-text">
                {mail.textBody}
              </Code>
            </Tabs.Panel>
            <Tabs.Panel value="headers" pt="sm">
              <Code block style={{ whiteSpace: 'pre-wrap' }}>
                {JSON.stringify(mail.headers, null, 2)}
              </Code>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      ) : null}
    </Drawer>
  );
}
