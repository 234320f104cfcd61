import { useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { ContactFormModal } from './ContactFormModal';
import { customerRights } from './customerData';

/** The staff list of contacts: search, sort, open, create. */
export function ContactsPage() {
  const navigate = useNavigate();
  const canManage = useCan(customerRights.manage);
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<'name' | 'created'>('name');
  const [creating, setCreating] = useState(false);
  const contacts = usePagedQuery(['contacts', 'list', q, sort], (cursor) => call(api.GET('/api/v1/contacts', { params: { query: { q: q || undefined, sort, cursor, limit: 50 } } })));
  const open = (id: string) => void navigate({ to: '/customers/$id', params: { id } });

  return (
    <Stack>
      <PageHeader title="Customers" description="People who buy from you or write to you." actions={canManage ? <Button onClick={() => setCreating(true)} data-testid="new-contact">New contact</Button> : undefined} />
      <Group align="flex-end">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setQ(search.trim());
          }}
        >
          <TextInput label="Search" placeholder="Name, email, phone or company (Enter)" w={320} value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid="contact-search" />
        </form>
        <Select label="Sort by" w={160} allowDeselect={false} value={sort} onChange={(value) => setSort(value === 'created' ? 'created' : 'name')} data={[{ value: 'name', label: 'Name' }, { value: 'created', label: 'Newest first' }]} data-testid="contact-sort" />
      </Group>
      <ProblemAlert error={contacts.error} onRetry={() => void contacts.refetch()} />
      {contacts.isLoading ? (
        <LoadingState />
      ) : contacts.items.length === 0 ? (
        <Empty title={q ? 'No customer matches' : 'No customers yet'} description={q ? 'Try part of a name, an email or some digits of a phone number.' : 'Customers appear here when you create them or when they open a ticket.'} />
      ) : (
        <Table highlightOnHover data-testid="contacts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Company</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Phone</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contacts.items.map((contact) => (
              <Table.Tr key={contact.id} style={{ cursor: 'pointer' }} onClick={() => open(contact.id)} data-testid={`contact-row-${contact.id}`}>
                <Table.Td>
                  <Text size="sm" fw={500}>{contact.displayName}</Text>
                </Table.Td>
                <Table.Td>{contact.companyName ?? '—'}</Table.Td>
                <Table.Td>{contact.email ?? '—'}</Table.Td>
                <Table.Td>{contact.phone ?? '—'}</Table.Td>
                <Table.Td>{formatDateTime(contact.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore query={contacts} />
      <ContactFormModal opened={creating} onClose={() => setCreating(false)} onSaved={(contact) => { setCreating(false); open(contact.id); }} />
    </Stack>
  );
}
