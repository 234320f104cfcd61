import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/format';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { careRights, useCareSettings } from '../care/careData';
import { NewTicketModal } from '../care/NewTicketModal';
import { ContactFormModal } from './ContactFormModal';
import { customerRights, type Contact } from './customerData';
import { InviteToPortalButton } from '../portal/InviteToPortalButton';

function Stat({ label, value, testId }: { label: string; value: React.ReactNode; testId: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={600} data-testid={testId}>{value}</Text>
    </Card>
  );
}

function ContactTickets({ contactId }: { contactId: string }) {
  const settings = useCareSettings();
  const navigate = useNavigate();
  const tickets = usePagedQuery(['tickets', 'list', { contactId }], (cursor) => call(api.GET('/api/v1/tickets', { params: { query: { contactId, sort: 'created', cursor, limit: 25 } } })));
  if (tickets.isLoading) return <LoadingState />;
  if (tickets.error) return <ProblemAlert error={tickets.error} onRetry={() => void tickets.refetch()} />;
  if (tickets.items.length === 0) return <Empty title="No tickets yet" description="Tickets this customer opens, or you open for them, are listed here." />;
  return (
    <>
      <Table highlightOnHover data-testid="contact-tickets">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Subject</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Department</Table.Th>
            <Table.Th>Last action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.items.map((ticket) => (
            <Table.Tr key={ticket.id} style={{ cursor: 'pointer' }} onClick={() => void navigate({ to: '/tickets/$number', params: { number: String(ticket.number) }, search: {} })}>
              <Table.Td>#{ticket.number}</Table.Td>
              <Table.Td>{ticket.subject}</Table.Td>
              <Table.Td>{settings.statusName(ticket.statusId)}</Table.Td>
              <Table.Td>{settings.departmentName(ticket.departmentId)}</Table.Td>
              <Table.Td>
                {formatDateTime(ticket.lastActionAt)} {ticket.waitingOnStaff && <Badge size="xs" color="yellow">waiting on us</Badge>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <LoadMore query={tickets} />
    </>
  );
}

/** A customer's page: details, figures, quick actions (new ticket, edit, delete) and tabs. */
export function ContactPage({ id }: { id: string }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const canManage = useCan(customerRights.manage);
  const canDelete = useCan(customerRights.delete);
  const canCreateTicket = useCan(careRights.create);
  const [dialog, setDialog] = useState<'edit' | 'delete' | 'ticket' | null>(null);
  const contact = useQuery({ queryKey: ['contacts', 'one', id], queryFn: () => call(api.GET('/api/v1/contacts/{id}', { params: { path: { id } } })) });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/contacts/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['contacts'] });
      void navigate({ to: '/customers' });
    },
  });
  if (contact.isLoading) return <LoadingState />;
  if (contact.error || !contact.data) return <ProblemAlert error={contact.error} onRetry={() => void contact.refetch()} />;
  const c: Contact = contact.data;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to="/customers" size="sm">
            ← Customers
          </Anchor>
          <Title order={2} data-testid="contact-name">{c.displayName}</Title>
          <Text c="dimmed" size="sm">
            {[c.companyName, c.email, c.phone].filter(Boolean).join(' · ') || 'No contact details yet'}
          </Text>
        </div>
        <Group>
          {canCreateTicket && (
            <Button onClick={() => setDialog('ticket')} data-testid="contact-new-ticket">
              New ticket
            </Button>
          )}
          {canManage && (
            <Button variant="default" onClick={() => setDialog('edit')} data-testid="contact-edit">
              Edit
            </Button>
          )}
          <InviteToPortalButton contactId={c.id} email={c.email} />
          {canDelete && (
            <Button variant="subtle" color="red" onClick={() => setDialog('delete')} data-testid="contact-delete">
              Delete
            </Button>
          )}
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label="Open tickets" value={c.stats.openTickets} testId="contact-open-tickets" />
        <Stat label="All tickets" value={c.stats.totalTickets} testId="contact-total-tickets" />
        <Stat label="Last contact" value={c.stats.lastContactAt ? formatDateTime(c.stats.lastContactAt) : 'Never'} testId="contact-last-contact" />
      </SimpleGrid>
      <Tabs defaultValue="tickets" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="tickets">Tickets</Tabs.Tab>
          <Tabs.Tab value="history" data-testid="contact-history-tab">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tickets" pt="md">
          <ContactTickets contactId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryPanel recordType="contact" recordId={c.id} />
        </Tabs.Panel>
      </Tabs>
      {dialog === 'edit' && <ContactFormModal opened contact={c} onClose={() => setDialog(null)} onSaved={() => setDialog(null)} />}
      <ConfirmDialog
        opened={dialog === 'delete'}
        title="Delete customer"
        message={`Delete ${c.displayName}? A customer who has tickets cannot be deleted.`}
        confirmLabel="Delete"
        onConfirm={() => remove.mutate()}
        onClose={() => setDialog(null)}
        loading={remove.isPending}
        error={remove.error}
      />
      {dialog === 'ticket' && (
        <NewTicketModal
          opened
          customer={{ contactId: c.id, name: c.displayName, email: c.email, phone: c.phone }}
          onClose={() => setDialog(null)}
          onCreated={(number) => void navigate({ to: '/tickets/$number', params: { number: String(number) }, search: {} })}
        />
      )}
    </Stack>
  );
}
