import { useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { Badge, Button, Checkbox, Group, MultiSelect, Select, Stack, Table, Text } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { MatchReason } from '../../ui/Highlighted';
import { BatchBar } from './BatchBar';
import { ContactFormModal } from './ContactFormModal';
import { customerRights, customFieldText, useCustomFields, type ContactSummary } from './customerData';
import { CustomersTabs, emptyFilters, filterQuery, ListFilters, SortableTh, type ListFilterValues } from './ListFilters';

type Row = ContactSummary;
interface Column {
  key: string;
  label: string;
  /** The list sort this column's header applies. */
  sort?: 'created' | 'updated';
  cell: (contact: Row) => React.ReactNode;
}

const standardColumns: Column[] = [
  { key: 'company', label: 'Company', cell: (c) => c.companyName ?? '—' },
  { key: 'email', label: 'Email', cell: (c) => c.email ?? '—' },
  { key: 'phone', label: 'Phone', cell: (c) => c.phone ?? '—' },
  { key: 'owner', label: 'Owner', cell: (c) => c.owner?.name ?? '—' },
  { key: 'tags', label: 'Tags', cell: (c) => <Group gap={4}>{c.tags.map((tag) => <Badge key={tag} size="xs" variant="outline">{tag}</Badge>)}</Group> },
  { key: 'lifecycle', label: 'Life cycle', cell: (c) => c.lifecycleState },
  { key: 'salesRep', label: 'Sales rep', cell: (c) => c.salesRepCode ?? '—' },
  { key: 'created', label: 'Created', sort: 'created', cell: (c) => formatDateTime(c.createdAt) },
  { key: 'updated', label: 'Updated', sort: 'updated', cell: (c) => formatDateTime(c.updatedAt) },
];
const defaultColumns = ['company', 'email', 'phone', 'owner', 'tags', 'created'];
const columnsKey = 'patron.contacts.columns';

/** The columns the user chose, remembered in this browser. */
function useChosenColumns(): [string[], (columns: string[]) => void] {
  const [columns, setColumns] = useState<string[]>(() => {
    try {
      const stored = JSON.parse(localStorage.getItem(columnsKey) ?? 'null') as unknown;
      return Array.isArray(stored) && stored.every((item) => typeof item === 'string') ? stored : defaultColumns;
    } catch {
      return defaultColumns;
    }
  });
  return [
    columns,
    (next) => {
      setColumns(next);
      localStorage.setItem(columnsKey, JSON.stringify(next));
    },
  ];
}

const sorts = [
  { value: 'name', label: 'Name' },
  { value: 'created', label: 'Created' },
  { value: 'updated', label: 'Updated' },
];

/** The download address of the list as it is filtered now. */
function exportUrl(query: Record<string, unknown>, format: 'csv' | 'xlsx'): string {
  const params = new URLSearchParams({ format });
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
  }
  return `/api/v1/contacts/export?${params.toString()}`;
}

/** The staff list of contacts: search, filters, sort, select for batch actions, open, create. */
export function ContactsPage({ initialQuery }: { initialQuery?: string }) {
  const navigate = useNavigate();
  const canManage = useCan(customerRights.manage);
  const [filters, setFilters] = useState<ListFilterValues>({ ...emptyFilters, q: initialQuery ?? '', sort: initialQuery ? '' : 'name' });
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const changeFilters = (next: ListFilterValues) => {
    // A new search ranks best match first; clearing it goes back to names.
    if (next.q !== filters.q && next.sort === filters.sort) next = { ...next, sort: next.q ? '' : 'name', order: 'asc' };
    setFilters(next);
    setSelected([]);
  };
  const [lifecycleState, setLifecycleState] = useState<'prospect' | 'financial' | null>(null);
  // A search is ranked best match first until the user picks a sort.
  const chosenSort = filters.sort === 'relevance' && !filters.q ? '' : filters.sort;
  const sort = (chosenSort || (filters.q ? 'relevance' : 'name')) as 'relevance' | 'name' | 'created' | 'updated';
  const query = { ...filterQuery(filters), sort, order: sort === 'relevance' ? undefined : filters.order, lifecycleState: lifecycleState ?? undefined };
  const contacts = usePagedQuery(['contacts', 'list', query], (cursor) => call(api.GET('/api/v1/contacts', { params: { query: { ...query, cursor, limit: 50 } } })));
  const open = (id: string) => void navigate({ to: '/customers/$id', params: { id } });
  const toggle = (id: string) => setSelected(selected.includes(id) ? selected.filter((other) => other !== id) : [...selected, id]);
  const allSelected = contacts.items.length > 0 && contacts.items.every((contact) => selected.includes(contact.id));
  const { fields } = useCustomFields('contact');
  const [chosen, setChosen] = useChosenColumns();
  const available: Column[] = [...standardColumns, ...fields.map((field) => ({ key: `cf.${field.key}`, label: field.label, cell: (c: Row) => customFieldText(field, c.customFields[field.key]) }))];
  const shown = available.filter((column) => chosen.includes(column.key));

  return (
    <Stack>
      <PageHeader title="Customers" description="People who buy from you or write to you." actions={
          <Group gap="xs">
            <Button component="a" variant="default" href={exportUrl(query, 'csv')} data-testid="export-csv">Export CSV</Button>
            <Button component="a" variant="default" href={exportUrl(query, 'xlsx')} data-testid="export-xlsx">Export XLSX</Button>
            {canManage && <Button variant="default" onClick={() => void navigate({ to: '/customers/import' })} data-testid="import-contacts">Import</Button>}
            {canManage && <Button onClick={() => setCreating(true)} data-testid="new-contact">New contact</Button>}
          </Group>
        }
      />
      <CustomersTabs active="contacts" />
      <ListFilters recordKind="contact" filters={filters} onChange={changeFilters} sorts={filters.q ? [{ value: 'relevance', label: 'Best match' }, ...sorts] : sorts} searchPlaceholder="Name (typos are fine), email, phone, zip or account number (Enter)" />
      <Group justify="space-between">
        <Select
          size="xs"
          w={180}
          placeholder="Any life cycle"
          clearable
          data={[
            { value: 'prospect', label: 'Prospects' },
            { value: 'financial', label: 'Financial (has an account)' },
          ]}
          value={lifecycleState}
          onChange={(value) => {
            setLifecycleState(value === 'prospect' || value === 'financial' ? value : null);
            setSelected([]);
          }}
          data-testid="filter-lifecycle"
        />
        <MultiSelect w={420} size="xs" placeholder="Columns" aria-label="Columns" data={available.map((column) => ({ value: column.key, label: column.label }))} value={chosen} onChange={setChosen} data-testid="contact-columns" />
      </Group>
      {canManage && selected.length > 0 && <BatchBar kind="contacts" ids={selected} onDone={() => setSelected([])} />}
      <ProblemAlert error={contacts.error} onRetry={() => void contacts.refetch()} />
      {contacts.isLoading ? (
        <LoadingState />
      ) : contacts.items.length === 0 ? (
        <Empty title={filters.q ? 'No customer matches' : 'No customers here'} description="Try part of a name, an email or some digits of a phone number, or fewer filters." />
      ) : (
        <Table highlightOnHover data-testid="contacts-table">
          <Table.Thead>
            <Table.Tr>
              {canManage && (
                <Table.Th w={36}>
                  <Checkbox aria-label="Select all" checked={allSelected} onChange={() => setSelected(allSelected ? [] : contacts.items.map((contact) => contact.id))} data-testid="select-all" />
                </Table.Th>
              )}
              <SortableTh label="Name" sortKey="name" filters={filters} onChange={changeFilters} />
              {shown.map((column) =>
                column.sort ? <SortableTh key={column.key} label={column.label} sortKey={column.sort} filters={filters} onChange={changeFilters} /> : <Table.Th key={column.key}>{column.label}</Table.Th>,
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contacts.items.map((contact) => (
              <Table.Tr key={contact.id} style={{ cursor: 'pointer' }} onClick={() => open(contact.id)} data-testid={`contact-row-${contact.id}`}>
                {canManage && (
                  <Table.Td onClick={(event) => event.stopPropagation()}>
                    <Checkbox aria-label={`Select ${contact.displayName}`} checked={selected.includes(contact.id)} onChange={() => toggle(contact.id)} data-testid="select-row" />
                  </Table.Td>
                )}
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm" fw={500}>{contact.displayName}</Text>
                    {contact.lifecycleState === 'financial' && <Badge size="xs" variant="light">financial</Badge>}
                    {contact.disabled && <Badge size="xs" color="gray">disabled</Badge>}
                  </Group>
                  {contact.matches?.[0] && contact.matches[0].field !== 'name' && (
                    <Text size="xs" c="dimmed">
                      <MatchReason match={contact.matches[0]} />
                    </Text>
                  )}
                </Table.Td>
                {shown.map((column) => (
                  <Table.Td key={column.key}>{column.cell(contact)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore query={contacts} />
      {creating && <ContactFormModal opened onClose={() => setCreating(false)} onSaved={(contact) => { setCreating(false); open(contact.id); }} />}
    </Stack>
  );
}
