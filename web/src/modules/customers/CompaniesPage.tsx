import { useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { Badge, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { CompanyFormModal } from './CompanyFormModal';
import { BatchBar } from './BatchBar';
import { ExportButtons } from './ExportButtons';
import { customerRights } from './customerData';
import { CustomersTabs, emptyFilters, filterQuery, ListFilters, SortableTh, type ListFilterValues } from './ListFilters';

const sorts = [
  { value: 'name', label: 'Name' },
  { value: 'created', label: 'Created' },
  { value: 'updated', label: 'Updated' },
];

/** The staff list of companies. */
export function CompaniesPage() {
  const navigate = useNavigate();
  const canManage = useCan(customerRights.manage);
  const [filters, setFilters] = useState<ListFilterValues>({ ...emptyFilters, sort: 'name' });
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const changeFilters = (next: ListFilterValues) => {
    setFilters(next);
    setSelected([]);
  };
  const query = { ...filterQuery(filters), sort: (filters.sort || 'name') as 'name' | 'created' | 'updated' };
  const companies = usePagedQuery(['companies', 'list', query], (cursor) => call(api.GET('/api/v1/companies', { params: { query: { ...query, cursor, limit: 50 } } })));
  const open = (id: string) => void navigate({ to: '/customers/companies/$id', params: { id } });
  return (
    <Stack>
      <PageHeader
        title="Customers"
        description="Organisations you sell to."
        actions={
          <Group gap="xs">
            <ExportButtons path="/api/v1/companies/export" query={query} />
            {canManage && <Button onClick={() => setCreating(true)} data-testid="new-company">New company</Button>}
          </Group>
        }
      />
      <CustomersTabs active="companies" />
      <ListFilters recordKind="company" filters={filters} onChange={changeFilters} sorts={sorts} searchPlaceholder="Name, VAT number or website (Enter)" />
      {canManage && selected.length > 0 && <BatchBar kind="companies" ids={selected} onDone={() => setSelected([])} />}
      <ProblemAlert error={companies.error} onRetry={() => void companies.refetch()} />
      {companies.isLoading ? (
        <LoadingState />
      ) : companies.items.length === 0 ? (
        <Empty title="No companies here" description="Create one, or try fewer filters." />
      ) : (
        <Table highlightOnHover data-testid="companies-table">
          <Table.Thead>
            <Table.Tr>
              {canManage && (
                <Table.Th w={36}>
                  <Checkbox aria-label="Select all" checked={companies.items.length > 0 && companies.items.every((item) => selected.includes(item.id))} onChange={() => setSelected(selected.length ? [] : companies.items.map((item) => item.id))} data-testid="select-all" />
                </Table.Th>
              )}
              <SortableTh label="Name" sortKey="name" filters={filters} onChange={changeFilters} />
              <Table.Th>VAT number</Table.Th>
              <Table.Th>Parent</Table.Th>
              <Table.Th>Phone</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Tags</Table.Th>
              <SortableTh label="Created" sortKey="created" filters={filters} onChange={changeFilters} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {companies.items.map((company) => (
              <Table.Tr key={company.id} style={{ cursor: 'pointer' }} onClick={() => open(company.id)}>
                {canManage && (
                  <Table.Td onClick={(event) => event.stopPropagation()}>
                    <Checkbox aria-label="Select" checked={selected.includes(company.id)} onChange={() => setSelected(selected.includes(company.id) ? selected.filter((id) => id !== company.id) : [...selected, company.id])} data-testid="select-row" />
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm" fw={500}>{company.name}</Text>
                </Table.Td>
                <Table.Td>{company.vatNumber ?? '—'}</Table.Td>
                <Table.Td>{company.parent?.name ?? '—'}</Table.Td>
                <Table.Td>{company.phone ?? '—'}</Table.Td>
                <Table.Td>{company.owner?.name ?? '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>{company.tags.map((tag) => <Badge key={tag} size="xs" variant="outline">{tag}</Badge>)}</Group>
                </Table.Td>
                <Table.Td>{formatDateTime(company.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore query={companies} />
      {creating && <CompanyFormModal onClose={() => setCreating(false)} onSaved={(company) => { setCreating(false); open(company.id); }} />}
    </Stack>
  );
}
