import { useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { Badge, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { AccountFormModal } from './AccountFormModal';
import { BatchBar } from './BatchBar';
import { ExportButtons } from './ExportButtons';
import { customerRights } from './customerData';
import { CustomersTabs, emptyFilters, filterQuery, ListFilters, SortableTh, type ListFilterValues } from './ListFilters';

const sorts = [
  { value: 'number', label: 'Number' },
  { value: 'name', label: 'Name' },
  { value: 'created', label: 'Created' },
  { value: 'updated', label: 'Updated' },
];

/** The staff list of accounts (trading relationships, often ERP customers). */
export function AccountsPage() {
  const navigate = useNavigate();
  const canManage = useCan(customerRights.accounts);
  const [filters, setFilters] = useState<ListFilterValues>({ ...emptyFilters, sort: 'number' });
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const changeFilters = (next: ListFilterValues) => {
    setFilters(next);
    setSelected([]);
  };
  const query = { ...filterQuery(filters), sort: (filters.sort || 'number') as 'number' | 'name' | 'created' | 'updated' };
  const accounts = usePagedQuery(['accounts', 'list', query], (cursor) => call(api.GET('/api/v1/accounts', { params: { query: { ...query, cursor, limit: 50 } } })));
  const open = (id: string) => void navigate({ to: '/customers/accounts/$id', params: { id } });
  return (
    <Stack>
      <PageHeader
        title="Customers"
        description="Accounts: who you trade with, on what terms."
        actions={
          <Group gap="xs">
            <ExportButtons path="/api/v1/accounts/export" query={query} />
            {canManage && <Button onClick={() => setCreating(true)} data-testid="new-account">New account</Button>}
          </Group>
        }
      />
      <CustomersTabs active="accounts" />
      <ListFilters recordKind="account" filters={filters} onChange={changeFilters} sorts={sorts} searchPlaceholder="Account number or name (Enter)" />
      {canManage && selected.length > 0 && <BatchBar kind="accounts" ids={selected} onDone={() => setSelected([])} />}
      <ProblemAlert error={accounts.error} onRetry={() => void accounts.refetch()} />
      {accounts.isLoading ? (
        <LoadingState />
      ) : accounts.items.length === 0 ? (
        <Empty title="No accounts here" description="Create one, or try fewer filters." />
      ) : (
        <Table highlightOnHover data-testid="accounts-table">
          <Table.Thead>
            <Table.Tr>
              {canManage && (
                <Table.Th w={36}>
                  <Checkbox aria-label="Select all" checked={accounts.items.length > 0 && accounts.items.every((item) => selected.includes(item.id))} onChange={() => setSelected(selected.length ? [] : accounts.items.map((item) => item.id))} data-testid="select-all" />
                </Table.Th>
              )}
              <SortableTh label="Number" sortKey="number" filters={filters} onChange={changeFilters} />
              <SortableTh label="Name" sortKey="name" filters={filters} onChange={changeFilters} />
              <Table.Th>Holder</Table.Th>
              <Table.Th>Classification</Table.Th>
              <Table.Th>Credit</Table.Th>
              <Table.Th>Rep</Table.Th>
              <Table.Th>Tags</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {accounts.items.map((account) => (
              <Table.Tr key={account.id} style={{ cursor: 'pointer' }} onClick={() => open(account.id)}>
                {canManage && (
                  <Table.Td onClick={(event) => event.stopPropagation()}>
                    <Checkbox aria-label="Select" checked={selected.includes(account.id)} onChange={() => setSelected(selected.includes(account.id) ? selected.filter((id) => id !== account.id) : [...selected, account.id])} data-testid="select-row" />
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm" fw={500}>{account.number}</Text>
                </Table.Td>
                <Table.Td>{account.name || '—'}</Table.Td>
                <Table.Td>
                  {account.holder.name} <Text span size="xs" c="dimmed">{account.holder.kind}</Text>
                </Table.Td>
                <Table.Td>{account.classification ?? '—'}</Table.Td>
                <Table.Td>{account.creditRating ?? '—'}</Table.Td>
                <Table.Td>{account.salesRepCode ?? '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>{account.tags.map((tag) => <Badge key={tag} size="xs" variant="outline">{tag}</Badge>)}</Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore query={accounts} />
      {creating && <AccountFormModal onClose={() => setCreating(false)} onSaved={(account) => { setCreating(false); open(account.id); }} />}
    </Stack>
  );
}
