import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Modal, MultiSelect, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { api, call, type BusinessUnit } from '../../api/client';
import { rights } from '../../apps/staff/rights';
import { useCan } from '../../apps/staff/session';
import { ConfirmDeleteDialog, useDeleteConfirmation } from '../../ui/ConfirmDelete';
import { DetailsWithHistory } from '../../ui/DetailsWithHistory';
import { FormActions } from '../../ui/FormActions';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { useFormSave } from '../../ui/useFormSave';
import { useUserOptions, withSelected } from './reference';
import { unitBodyOf, unitFormOf, type UnitForm } from './unitForm';

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
      <QueryState
        query={query}
        loadingLabel="Loading business units…"
        isEmpty={query.items.length === 0}
        emptyTitle="No business units yet"
        emptyDescription="Create units such as Support, Sales or Billing."
      >
        {() => (
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
      </QueryState>
      <LoadMore query={query} />
      <UnitModal unit={editing === 'new' ? null : editing} opened={editing !== null} canManage={canManage} onClose={() => setEditing(null)} />
    </>
  );
}

function UnitModal({ unit, opened, canManage, onClose }: { unit: BusinessUnit | null; opened: boolean; canManage: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const users = useUserOptions();
  const [form, setForm] = useState<UnitForm>(unitFormOf(unit));
  useEffect(() => {
    if (opened) setForm(unitFormOf(unit));
  }, [opened, unit]);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['units'] });
    await client.invalidateQueries({ queryKey: ['users'] });
  };
  const body = () => unitBodyOf(form);
  const save = useFormSave({
    save: () =>
      unit
        ? call(api.PATCH('/api/v1/business-units/{id}', { params: { path: { id: unit.id } }, body: { version: unit.version, ...body() } }))
        : call(api.POST('/api/v1/business-units', { body: body() })),
    onSaved: () => refresh(),
    canSave: canManage,
    onClose: () => {
      deletion.reset();
      onClose();
    },
  });
  const deletion = useDeleteConfirmation({
    remove: (target: BusinessUnit) => call(api.DELETE('/api/v1/business-units/{id}', { params: { path: { id: target.id } } })),
    onDeleted: async () => {
      await refresh();
      save.close();
    },
  });
  const errors = save.fieldErrors;
  const readOnly = !canManage;
  const details = (
    <form onSubmit={save.submit} data-testid="unit-form">
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
        <FormActions
          canSave={canManage}
          saving={save.isPending}
          submitLabel={unit ? 'Save changes' : 'Create business unit'}
          submitTestId="save-unit"
          onCancel={save.close}
          aside={
            unit &&
            canManage && (
              <Button color="red" variant="light" onClick={() => deletion.ask(unit)} data-testid="delete-unit">
                Delete
              </Button>
            )
          }
        />
      </Stack>
    </form>
  );
  return (
    <>
      <Modal opened={opened} onClose={save.close} title={unit ? `Business unit: ${unit.name}` : 'New business unit'} size="lg">
        <DetailsWithHistory recordType="business_unit" recordId={unit?.id}>
          {details}
        </DetailsWithHistory>
      </Modal>
      {unit && <ConfirmDeleteDialog deletion={deletion} title="Delete business unit?" message={`“${unit.name}” will be deleted and its members removed from it.`} />}
    </>
  );
}
