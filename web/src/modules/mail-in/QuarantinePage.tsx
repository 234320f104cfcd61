import { Anchor, Badge, Table, Text } from '@mantine/core';
import { api, call } from '../../api/client';
import { formatBytes, formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';

const reasonLabels: Record<string, string> = {
  too_large: 'Too large',
  unparseable: 'Unreadable',
  no_sender: 'No sender',
  processing_failed: 'Processing failed',
};

/** Admin > Quarantined mail: inbound mail email-in could not take, with the reason and the raw message. */
export function QuarantinePage() {
  const query = usePagedQuery(['mail-in', 'quarantine'], (cursor) => call(api.GET('/api/v1/mail-in/quarantine', { params: { query: { cursor, limit: 50 } } })));
  return (
    <>
      <PageHeader title="Quarantined mail" description="Inbound mail that could not become a ticket or a reply. Later mail is processed as usual; download a message to see what it was." />
      {query.isPending ? (
        <LoadingState label="Loading quarantined mail…" />
      ) : query.isError ? (
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.items.length === 0 ? (
        <Empty title="Nothing in quarantine" />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" data-testid="quarantine-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Received</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th>Message</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.items.map((mail) => (
                <Table.Tr key={mail.id} data-testid="quarantine-row">
                  <Table.Td>{formatDateTime(mail.receivedAt)}</Table.Td>
                  <Table.Td>{mail.fromAddress ?? mail.envelopeFrom ?? '—'}</Table.Td>
                  <Table.Td>{mail.subject || '(no subject)'}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color="red">
                      {reasonLabels[mail.reason] ?? mail.reason}
                    </Badge>
                    <Text size="xs" c="dimmed" mt={4}>
                      {mail.detail}
                    </Text>
                  </Table.Td>
                  <Table.Td>{formatBytes(mail.size)}</Table.Td>
                  <Table.Td>
                    {mail.rawAttachmentId ? (
                      <Anchor href={`/api/v1/attachments/${mail.rawAttachmentId}`} size="sm" data-testid="quarantine-download">
                        Download .eml
                      </Anchor>
                    ) : (
                      '—'
                    )}
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
