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
import { CustomFieldTable } from './CustomFieldInputs';
import { addressKindLabels, customerRights, formatAddress, identifierLabels, type Contact } from './customerData';
import { NotesPanel } from './NotesPanel';
import { ContactTimeline } from './ContactTimeline';
import { CompanyLink } from './links';
import { InviteToPortalButton } from '../portal/InviteToPortalButton';
import { ContactMerges, MergedContactRedirect } from './ContactMerges';
import { takeJustMerged } from './mergeData';

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

function Detail({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <Group gap="xs" align="flex-start" wrap="nowrap">
      <Text size="sm" c="dimmed" w={110}>{label}</Text>
      <div data-testid={testId}>{children}</div>
    </Group>
  );
}

/** Emails, phones, addresses, identifiers, company, owner, tags and custom fields of a contact. */
function ContactDetails({ c }: { c: Contact }) {
  const none = <Text size="sm" c="dimmed">—</Text>;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder padding="sm">
        <Stack gap={6}>
          <Detail label="Emails">{c.emails.length ? c.emails.map((e) => <Text size="sm" key={e.email}>{e.email} <Text span size="xs" c="dimmed">{e.label}{e.isDefault ? ' · default' : ''}</Text></Text>) : none}</Detail>
          <Detail label="Phones">{c.phones.length ? c.phones.map((p) => <Text size="sm" key={p.number}>{p.number} <Text span size="xs" c="dimmed">{p.label}{p.isDefault ? ' · default' : ''}</Text></Text>) : none}</Detail>
          <Detail label="Addresses" testId="contact-addresses">
            {c.addresses.length ? c.addresses.map((a, index) => <Text size="sm" key={index}>{formatAddress(a)} <Text span size="xs" c="dimmed">{addressKindLabels[a.kind]}{a.isDefault ? ' · default' : ''}</Text></Text>) : none}
          </Detail>
          <Detail label="Identifiers">{c.identifiers.length ? c.identifiers.map((i) => <Text size="sm" key={`${i.kind}${i.value}`}>{identifierLabels[i.kind]}: {i.value}</Text>) : none}</Detail>
        </Stack>
      </Card>
      <Card withBorder padding="sm">
        <Stack gap={6}>
          <Detail label="Company" testId="contact-company-link">
            {c.company ? <CompanyLink id={c.company.id}>{c.company.name}</CompanyLink> : <Text size="sm">{c.companyName ?? '—'}</Text>}
          </Detail>
          <Detail label="Job title"><Text size="sm">{c.jobTitle ?? '—'}</Text></Detail>
          <Detail label="Owner" testId="contact-owner-name"><Text size="sm">{c.owner?.name ?? '—'}{c.salesRepCode ? ` (rep ${c.salesRepCode})` : ''}</Text></Detail>
          <Detail label="Life cycle"><Badge variant="light" data-testid="contact-lifecycle">{c.lifecycleState}</Badge> {c.disabled && <Badge color="gray">disabled</Badge>}</Detail>
          <Detail label="Tags" testId="contact-tags-view"><Group gap={4}>{c.tags.length ? c.tags.map((tag) => <Badge key={tag} variant="outline">{tag}</Badge>) : none}</Group></Detail>
          <CustomFieldTable recordKind="contact" values={c.customFields} />
        </Stack>
      </Card>
    </SimpleGrid>
  );
}

function ContactAccounts({ c }: { c: Contact }) {
  const navigate = useNavigate();
  if (!c.accounts.length) return <Empty title="No accounts" description="Accounts this customer holds or acts on are listed here." />;
  return (
    <Table highlightOnHover data-testid="contact-accounts">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Number</Table.Th>
          <Table.Th>Name</Table.Th>
          <Table.Th>Role</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {c.accounts.map((account) => (
          <Table.Tr key={account.id} style={{ cursor: 'pointer' }} onClick={() => void navigate({ to: '/customers/accounts/$id', params: { id: account.id } })}>
            <Table.Td>{account.number}</Table.Td>
            <Table.Td>{account.name || '—'}</Table.Td>
            <Table.Td>{account.role}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A customer's page: details, figures, quick actions (new ticket, edit, delete) and tabs. */
export function ContactPage({ id }: { id: string }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const canManage = useCan(customerRights.manage);
  const canDelete = useCan(customerRights.delete);
  const canCreateTicket = useCan(careRights.create);
  const canManageAccounts = useCan(customerRights.accounts);
  const canWorkTickets = useCan(careRights.work);
  const canMerge = useCan(customerRights.merge);
  // The merge screen hands over the merge it just made, once.
  const [justMerged] = useState(() => takeJustMerged(id));
  const canNote = canManage || canManageAccounts || canWorkTickets;
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
  // A cached copy may predate an undo: only fresh data sends the user on to the winner.
  if (c.mergedInto) return contact.isFetching ? <LoadingState /> : <MergedContactRedirect mergedInto={c.mergedInto} />;

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
          {canMerge && (
            <Button variant="default" onClick={() => void navigate({ to: '/customers/duplicates', search: { contactId: c.id } })} data-testid="contact-find-duplicates">
              Duplicates
            </Button>
          )}
          {canDelete && (
            <Button variant="subtle" color="red" onClick={() => setDialog('delete')} data-testid="contact-delete">
              Delete
            </Button>
          )}
        </Group>
      </Group>
      <ContactMerges contactId={c.id} justMerged={justMerged} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label="Open tickets" value={c.stats.openTickets} testId="contact-open-tickets" />
        <Stat label="All tickets" value={c.stats.totalTickets} testId="contact-total-tickets" />
        <Stat label="Last contact" value={c.stats.lastContactAt ? formatDateTime(c.stats.lastContactAt) : 'Never'} testId="contact-last-contact" />
      </SimpleGrid>
      <ContactDetails c={c} />
      <Tabs defaultValue="tickets" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="tickets">Tickets</Tabs.Tab>
          <Tabs.Tab value="timeline" data-testid="contact-timeline-tab">Timeline</Tabs.Tab>
          <Tabs.Tab value="accounts" data-testid="contact-accounts-tab">Accounts ({c.accounts.length})</Tabs.Tab>
          <Tabs.Tab value="notes" data-testid="contact-notes-tab">Notes</Tabs.Tab>
          <Tabs.Tab value="history" data-testid="contact-history-tab">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tickets" pt="md">
          <ContactTickets contactId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md"><ContactTimeline contactId={c.id} /></Tabs.Panel>
        <Tabs.Panel value="accounts" pt="md">
          <ContactAccounts c={c} />
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <NotesPanel recordKind="contact" recordId={c.id} canWrite={canNote} />
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
