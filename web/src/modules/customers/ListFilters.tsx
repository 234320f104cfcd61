import { useState } from 'react';
import { useNavigate } from '@tanstack/react-router';
import { Button, Group, SegmentedControl, Select, Table, TextInput } from '@mantine/core';
import { useCustomFields, type RecordKind } from './customerData';
import { OwnerSelect } from './pickers';

export interface ListFilterValues {
  q: string;
  ownerId: string | null;
  tag: string;
  disabled: 'all' | 'true' | 'false';
  createdFrom: string;
  createdTo: string;
  /** One custom field filter, `key:op:value`, or empty. */
  cf: string;
  sort: string;
  order: 'asc' | 'desc';
}

export const emptyFilters: ListFilterValues = { q: '', ownerId: null, tag: '', disabled: 'false', createdFrom: '', createdTo: '', cf: '', sort: '', order: 'asc' };

/** The filters as list-endpoint query parameters (dates are whole days in the user's time zone). */
export function filterQuery(filters: ListFilterValues) {
  return {
    q: filters.q || undefined,
    ownerId: filters.ownerId ?? undefined,
    tag: filters.tag || undefined,
    disabled: filters.disabled === 'all' ? undefined : filters.disabled,
    createdFrom: filters.createdFrom ? new Date(`${filters.createdFrom}T00:00:00`).toISOString() : undefined,
    createdTo: filters.createdTo ? new Date(`${filters.createdTo}T23:59:59.999`).toISOString() : undefined,
    cf: filters.cf || undefined,
    order: filters.order,
  };
}

const operatorLabels: Record<string, string> = { eq: 'is', contains: 'contains', gte: 'at least', lte: 'at most', empty: 'is empty' };
const operatorsByType: Record<string, string[]> = { text: ['eq', 'contains', 'empty'], email: ['eq', 'contains', 'empty'], url: ['eq', 'contains', 'empty'], choice: ['eq', 'empty'], boolean: ['eq', 'empty'], number: ['eq', 'gte', 'lte', 'empty'], date: ['eq', 'gte', 'lte', 'empty'] };

/** One custom field condition: field, operator and value, applied with Enter or the button. */
function CustomFieldFilter({ recordKind, value, onChange }: { recordKind: RecordKind; value: string; onChange: (value: string) => void }) {
  const { fields } = useCustomFields(recordKind);
  const [initialKey = '', initialOp = 'eq', ...initialRest] = value ? value.split(':') : [];
  const [key, setKey] = useState(initialKey);
  const [op, setOp] = useState(initialOp);
  const [text, setText] = useState(initialRest.join(':'));
  if (!fields.length) return null;
  const field = fields.find((candidate) => candidate.key === key);
  const apply = () => onChange(key && (op === 'empty' || text) ? `${key}:${op}:${op === 'empty' ? '' : text}` : '');
  return (
    <Group gap={4} align="flex-end">
      <Select
        label="Custom field"
        w={150}
        clearable
        data={fields.map((f) => ({ value: f.key, label: f.label }))}
        value={key || null}
        onChange={(next) => {
          setKey(next ?? '');
          setOp('eq');
          setText('');
          if (!next) onChange('');
        }}
        data-testid="filter-cf-key"
      />
      {field && (
        <>
          <Select w={110} allowDeselect={false} data={(operatorsByType[field.type] ?? ['eq']).map((value) => ({ value, label: operatorLabels[value] ?? value }))} value={op} onChange={(next) => setOp(next ?? 'eq')} data-testid="filter-cf-op" />
          {op !== 'empty' &&
            (field.type === 'choice' || field.type === 'boolean' ? (
              <Select w={140} data={field.type === 'boolean' ? ['true', 'false'] : field.options} value={text || null} onChange={(next) => setText(next ?? '')} data-testid="filter-cf-value" />
            ) : (
              <TextInput w={140} type={field.type === 'date' ? 'date' : 'text'} value={text} onChange={(e) => setText(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && apply()} data-testid="filter-cf-value" />
            ))}
          <Button variant="light" onClick={apply} data-testid="filter-cf-apply">
            Filter
          </Button>
        </>
      )}
    </Group>
  );
}

interface ListFiltersProps {
  recordKind: RecordKind;
  filters: ListFilterValues;
  onChange: (filters: ListFilterValues) => void;
  sorts: { value: string; label: string }[];
  searchPlaceholder: string;
}

/** The filter bar every customer list shares: text, owner, tag, status, created range, a custom field, sort. */
export function ListFilters({ recordKind, filters, onChange, sorts, searchPlaceholder }: ListFiltersProps) {
  const [search, setSearch] = useState(filters.q);
  const [tag, setTag] = useState(filters.tag);
  const set = (patch: Partial<ListFilterValues>) => onChange({ ...filters, ...patch });
  return (
    <Group align="flex-end" gap="sm">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          set({ q: search.trim(), tag: tag.trim() });
        }}
      >
        <Group gap="sm" align="flex-end">
          <TextInput label="Search" placeholder={searchPlaceholder} w={260} value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid={`${recordKind}-search`} />
          <TextInput label="Tag" w={110} value={tag} onChange={(e) => setTag(e.currentTarget.value)} onBlur={() => set({ tag: tag.trim() })} data-testid="filter-tag" />
          <button type="submit" hidden />
        </Group>
      </form>
      <OwnerSelect label="Owner" value={filters.ownerId} onChange={(ownerId) => set({ ownerId })} testId="filter-owner" />
      <TextInput label="Created from" type="date" w={150} value={filters.createdFrom} onChange={(e) => set({ createdFrom: e.currentTarget.value })} data-testid="filter-created-from" />
      <TextInput label="Created to" type="date" w={150} value={filters.createdTo} onChange={(e) => set({ createdTo: e.currentTarget.value })} data-testid="filter-created-to" />
      <SegmentedControl
        value={filters.disabled}
        onChange={(value) => set({ disabled: value as ListFilterValues['disabled'] })}
        data={[
          { value: 'false', label: 'Enabled' },
          { value: 'true', label: 'Disabled' },
          { value: 'all', label: 'All' },
        ]}
        data-testid="filter-disabled"
      />
      <CustomFieldFilter recordKind={recordKind} value={filters.cf} onChange={(cf) => set({ cf })} />
      <Select label="Sort by" w={140} allowDeselect={false} data={sorts} value={filters.sort || sorts[0]!.value} onChange={(sort) => set({ sort: sort ?? '', order: sort === 'created' || sort === 'updated' ? 'desc' : 'asc' })} data-testid={`${recordKind}-sort`} />
      <Select label="Order" w={110} allowDeselect={false} data={[{ value: 'asc', label: 'Ascending' }, { value: 'desc', label: 'Descending' }]} value={filters.order} onChange={(order) => set({ order: order === 'desc' ? 'desc' : 'asc' })} data-testid="filter-order" />
    </Group>
  );
}

const customerTabPaths = { contacts: '/customers', companies: '/customers/companies', accounts: '/customers/accounts', duplicates: '/customers/duplicates' } as const;

/** Contacts, companies, accounts and the duplicate contacts as one section with tabs. */
export function CustomersTabs({ active }: { active: keyof typeof customerTabPaths }) {
  const navigate = useNavigate();
  return (
    <SegmentedControl
      value={active}
      onChange={(value) => void navigate({ to: customerTabPaths[value as keyof typeof customerTabPaths] })}
      data={[
        { value: 'contacts', label: 'Contacts' },
        { value: 'companies', label: 'Companies' },
        { value: 'accounts', label: 'Accounts' },
        { value: 'duplicates', label: 'Duplicates' },
      ]}
      data-testid="customers-tabs"
    />
  );
}

/** A column header that sorts the list by its key; a second click reverses the order. */
export function SortableTh({ label, sortKey, filters, onChange }: { label: string; sortKey: string; filters: ListFilterValues; onChange: (filters: ListFilterValues) => void }) {
  const active = filters.sort === sortKey;
  const firstOrder = sortKey === 'created' || sortKey === 'updated' ? 'desc' : 'asc';
  return (
    <Table.Th
      style={{ cursor: 'pointer', whiteSpace: 'nowrap' }}
      aria-sort={active ? (filters.order === 'asc' ? 'ascending' : 'descending') : undefined}
      onClick={() => onChange({ ...filters, sort: sortKey, order: active ? (filters.order === 'asc' ? 'desc' : 'asc') : firstOrder })}
      data-testid={`sort-${sortKey}`}
    >
      {label} {active ? (filters.order === 'asc' ? '▲' : '▼') : ''}
    </Table.Th>
  );
}
