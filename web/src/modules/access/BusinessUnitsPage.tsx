import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Group, Modal, MultiSelect, Stack, Switch, Table, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { api, call, fieldErrors, type BusinessUnit } from '../../api/client';
import { rights } from '../../apps/staff/rights';
import { useCan } from '../../apps/staff/session';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { useUserOptions, withSelected } from './reference';

export function BusinessUnitsPage() {
  const canManage = useCan(rights.unitsManage);
  const [editing, setEditing] = useState<BusinessUnit | 'new' | null>(null);
  const query = usePagedQuery(['units', 'list'], (cursor) => call(api.GET('/api/v1/business-units', { params: { query: { cursor, limit: 50 } } })));
  return (
    <>
      <PageHeader
        title="Business units"
        description="Teams or departments that own work and can be shown to customers."
        actions={
          canManage && (
            <Button onClick={() => setEditing('new')} data-testid="new-unit">
              New business unit
            </Button>
          )
        }
      />
      {query.isPending ? (
        <LoadingState label="Loading business units…" />
      ) : query.isError ? (
        <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      ) : query.items.length === 0 ? (
        <Empty title="No business units yet" description="Create units such as Support, Sales or Billing." />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover verticalSpacing="sm" data-testid="units-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Customers see it</Table.Th>
                <Table.Th>Members</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.items.map((unit) => (
                <Table.Tr key={unit.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(unit)} data-testid="unit-row">
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" px={0}>
                      {unit.name}
                    </Button>
                    {unit.description && (
                      <Text size="xs" c="dimmed" lineClamp={1}>
                        {unit.description}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{unit.email ?? '—'}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={unit.visibleToCustomers ? 'green' : 'gray'}>
                      {unit.visibleToCustomers ? 'Visible' : 'Hidden'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{unit.memberIds.length}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore query={query} />
      <UnitModal unit={editing === 'new' ? null : editing} opened={editing !== null} canManage={canManage} onClose={() => setEditing(null)} />
    </>
  );
}

interface UnitForm {
  name: string;
  description: string;
  email: string;
  visibleToCustomers: boolean;
  memberIds: string[];
}

function formOf(unit: BusinessUnit | null): UnitForm {
  return unit
    ? { name: unit.name, description: unit.description, email: unit.email ?? '', visibleToCustomers: unit.visibleToCustomers, memberIds: unit.memberIds }
    : { name: '', description: '', email: '', visibleToCustomers: true, memberIds: [] };
}

function UnitModal({ unit, opened, canManage, onClose }: { unit: BusinessUnit | null; opened: boolean; canManage: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const users = useUserOptions();
  const [form, setForm] = useState<UnitForm>(formOf(unit));
  const [confirmDelete, setConfirmDelete] = useState(false);
  useEffect(() => {
    if (opened) setForm(formOf(unit));
  }, [opened, unit]);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['units'] });
    await client.invalidateQueries({ queryKey: ['users'] });
  };
  const body = () => ({ ...form, email: form.email.trim() ? form.email.trim() : null });
  const save = useMutation({
    mutationFn: () =>
      unit
        ? call(api.PATCH('/api/v1/business-units/{id}', { params: { path: { id: unit.id } }, body: { version: unit.version, ...body() } }))
        : call(api.POST('/api/v1/business-units', { body: body() })),
    onSuccess: async () => {
      await refresh();
      close();
    },
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/business-units/{id}', { params: { path: { id: unit!.id } } })),
    onSuccess: async () => {
      setConfirmDelete(false);
      await refresh();
      close();
    },
  });
  const close = () => {
    save.reset();
    remove.reset();
    onClose();
  };
  const errors = fieldErrors(save.error);
  const readOnly = !canManage;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canManage) save.mutate();
  };
  const details = (
    <form onSubmit={submit} data-testid="unit-form">
      <Stack>
        <TextInput label="Name" required readOnly={readOnly} data-autofocus value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} />
        <Textarea label="Description" autosize minRows={2} readOnly={readOnly} value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} error={errors.description} />
        <TextInput label="Email" type="email" description="Optional shared mailbox of this unit" readOnly={readOnly} value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} error={errors.email} />
        <Switch label="Visible to customers" disabled={readOnly} checked={form.visibleToCustomers} onChange={(e) => setForm({ ...form, visibleToCustomers: e.currentTarget.checked })} />
        <MultiSelect
          label="Members"
          data={withSelected(users.options, form.memberIds)}
          value={form.memberIds}
          onChange={(memberIds) => setForm({ ...form, memberIds })}
          searchable
          readOnly={readOnly}
          disabled={!users.allowed}
          description={users.allowed ? undefined : 'You cannot view users.'}
          error={errors.memberIds}
        />
        <ProblemAlert error={save.error} fields={['name', 'description', 'email', 'memberIds']} />
        <Group justify="space-between">
          <div>
            {unit && canManage && (
              <Button color="red" variant="light" onClick={() => setConfirmDelete(true)} data-testid="delete-unit">
                Delete
              </Button>
            )}
          </div>
          <Group>
            <Button variant="default" onClick={close}>
              {canManage ? 'Cancel' : 'Close'}
            </Button>
            {canManage && (
              <Button type="submit" loading={save.isPending} data-testid="save-unit">
                {unit ? 'Save changes' : 'Create business unit'}
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </form>
  );
  return (
    <>
      <Modal opened={opened} onClose={close} title={unit ? `Business unit: ${unit.name}` : 'New business unit'} size="lg">
        {unit ? (
          <Tabs defaultValue="details" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="details">Details</Tabs.Tab>
              <Tabs.Tab value="history">History</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="details">{details}</Tabs.Panel>
            <Tabs.Panel value="history">
              <HistoryPanel recordType="business_unit" recordId={unit.id} />
            </Tabs.Panel>
          </Tabs>
        ) : (
          details
        )}
      </Modal>
      {unit && (
        <ConfirmDialog
          opened={confirmDelete}
          title="Delete business unit?"
          message={`“${unit.name}” will be deleted and its members removed from it.`}
          confirmLabel="Delete"
          onConfirm={() => remove.mutate()}
          onClose={() => {
            remove.reset();
            setConfirmDelete(false);
          }}
          loading={remove.isPending}
          error={remove.error}
        />
      )}
    </>
  );
}
