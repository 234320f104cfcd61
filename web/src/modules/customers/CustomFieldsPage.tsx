import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Checkbox, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Table, TagsInput, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { errorsByPath, type CustomField, type RecordKind } from './customerData';

const types: CustomField['type'][] = ['text', 'number', 'date', 'choice', 'boolean', 'email', 'url'];
const kindLabels: Record<RecordKind, string> = { contact: 'Contacts', company: 'Companies', account: 'Accounts' };
const singular: Record<RecordKind, string> = { contact: 'contact', company: 'company', account: 'account' };

function slug(label: string): string {
  return label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'f_$1')
    .slice(0, 50);
}

/** Define or edit one field. Key, type and record kind are fixed once created. */
function FieldModal({ recordKind, field, onClose }: { recordKind: RecordKind; field?: CustomField; onClose: () => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState({ label: field?.label ?? '', key: field?.key ?? '', keyTouched: Boolean(field), type: field?.type ?? ('text' as CustomField['type']), options: field?.options ?? [], required: field?.required ?? false, position: field?.position ?? 0, archived: field?.archived ?? false });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const save = useMutation({
    mutationFn: () =>
      field
        ? call(api.PATCH('/api/v1/custom-fields/{id}', { params: { path: { id: field.id } }, body: { version: field.version, label: form.label, required: form.required, position: form.position, archived: form.archived, ...(field.type === 'choice' ? { options: form.options } : {}) } }))
        : call(api.POST('/api/v1/custom-fields', { body: { recordKind, key: form.key, label: form.label, type: form.type, options: form.type === 'choice' ? form.options : [], required: form.required, position: form.position } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['custom-fields'] });
      onClose();
    },
  });
  const errors = errorsByPath(save.error);
  return (
    <Modal opened onClose={onClose} title={field ? `Edit ${field.label}` : `New ${singular[recordKind]} field`}>
      <form
        data-testid="custom-field-form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert error={save.error} fields={['label', 'key', 'type', 'options']} />
          <TextInput label="Label" value={form.label} onChange={(e) => set({ label: e.currentTarget.value, ...(form.keyTouched ? {} : { key: slug(e.currentTarget.value) }) })} error={errors.label} data-testid="field-label" />
          <TextInput label="Key" description="Used in the API, filters and imports; cannot change later" disabled={Boolean(field)} value={form.key} onChange={(e) => set({ key: e.currentTarget.value, keyTouched: true })} error={errors.key} data-testid="field-key" />
          <Select label="Type" disabled={Boolean(field)} allowDeselect={false} data={types} value={form.type} onChange={(type) => set({ type: (type ?? 'text') as CustomField['type'] })} error={errors.type} data-testid="field-type" />
          {form.type === 'choice' && <TagsInput label="Options" description="Type an option and press Enter" value={form.options} onChange={(options) => set({ options })} error={errors.options} data-testid="field-options" />}
          <Group>
            <NumberInput label="Position" w={100} min={0} value={form.position} onChange={(value) => set({ position: Number(value) || 0 })} />
            <Checkbox mt="lg" label="Required" checked={form.required} onChange={(e) => set({ required: e.currentTarget.checked })} data-testid="field-required" />
            {field && <Checkbox mt="lg" label="Archived" checked={form.archived} onChange={(e) => set({ archived: e.currentTarget.checked })} data-testid="field-archived" />}
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="field-save">
              {field ? 'Save' : 'Create field'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Admin screen: the custom fields of contacts, companies and accounts. */
export function CustomFieldsPage() {
  const [recordKind, setRecordKind] = useState<RecordKind>('contact');
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  const fields = useQuery({ queryKey: ['custom-fields', 'admin', recordKind], queryFn: () => call(api.GET('/api/v1/custom-fields', { params: { query: { recordKind, includeArchived: 'true' } } })) });
  return (
    <Stack>
      <PageHeader
        title="Custom fields"
        description="Fields of your own on customer records: shown in forms, checked on every save, filterable in lists."
        actions={
          <Button onClick={() => setEditing('new')} data-testid="new-custom-field">
            New field
          </Button>
        }
      />
      <SegmentedControl value={recordKind} onChange={(value) => setRecordKind(value as RecordKind)} data={Object.entries(kindLabels).map(([value, label]) => ({ value, label }))} data-testid="custom-field-kind" />
      <ProblemAlert error={fields.error} onRetry={() => void fields.refetch()} />
      {fields.isLoading ? (
        <LoadingState />
      ) : !fields.data?.items.length ? (
        <Empty title="No custom fields yet" description="Add fields like a customer tier, a renewal date or a preferred channel." />
      ) : (
        <Table highlightOnHover data-testid="custom-fields-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Label</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Options</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.data.items.map((field) => (
              <Table.Tr key={field.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(field)}>
                <Table.Td>{field.label}</Table.Td>
                <Table.Td>{field.key}</Table.Td>
                <Table.Td>{field.type}</Table.Td>
                <Table.Td>{field.options.join(', ') || '—'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {field.required && <Badge size="xs">required</Badge>}
                    {field.archived && <Badge size="xs" color="gray">archived</Badge>}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <FieldModal recordKind={recordKind} field={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
