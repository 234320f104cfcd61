import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Modal, MultiSelect, Stack, Switch, Table, Text, TextInput, Textarea } from '@mantine/core';
import { api, call } from '../../../api/client';
import { rights } from '../../../apps/staff/rights';
import { useCan } from '../../../apps/staff/session';
import { DetailsWithHistory } from '../../../ui/DetailsWithHistory';
import { FormActions } from '../../../ui/FormActions';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { useFormSave } from '../../../ui/useFormSave';
import { useUserOptions, withSelected } from '../../access/reference';
import { unitBodyOf, unitFormOf, type UnitForm } from '../../access/unitForm';
import { refreshCareConfig, useCanManageCareConfig, useDepartments, type Department } from './configData';
import { WriteProblem } from './WriteProblem';

/** Departments are the business units tickets are assigned to; changing one needs the unit right too. */
export function DepartmentsPage() {
  const canManageCare = useCanManageCareConfig();
  const canManageUnits = useCan(rights.unitsManage);
  const canManage = canManageCare && canManageUnits;
  const departments = useDepartments();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <>
      <PageHeader
        title="Departments"
        description="The business units tickets are assigned to. Customers see only the visible ones. Changing departments needs the business-unit right as well."
        actions={
          canManage && (
            <Button onClick={() => setEditing('new')} data-testid="new-department">
              New department
            </Button>
          )
        }
      />
      <QueryState
        query={departments}
        loadingLabel="Loading departments…"
        isEmpty={departments.items.length === 0}
        emptyTitle="No departments yet"
        emptyDescription="Create departments such as Sales or Customer Support."
      >
        {() => (
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="departments-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Notification email</Table.Th>
                  <Table.Th>Customers see it</Table.Th>
                  <Table.Th>Members</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {departments.items.map((department) => (
                  <Table.Tr key={department.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(department.id)} data-testid={`department-row-${department.name}`}>
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" px={0}>
                        {department.name}
                      </Button>
                      {department.description && (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {department.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td data-testid="department-email">{department.email ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={department.visibleToCustomers ? 'green' : 'gray'} data-testid="department-visibility">
                        {department.visibleToCustomers ? 'Visible' : 'Hidden'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{department.memberIds.length}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <DepartmentModal
        department={departments.items.find((d) => d.id === editing) ?? null}
        opened={editing !== null}
        canManage={canManage}
        onClose={() => setEditing(null)}
      />
    </>
  );
}

function DepartmentModal({ department, opened, canManage, onClose }: { department: Department | null; opened: boolean; canManage: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const users = useUserOptions();
  // A department is a business unit: the same form model and request body.
  const [form, setForm] = useState<UnitForm>(unitFormOf(department));
  useEffect(() => {
    if (opened) setForm(unitFormOf(department));
  }, [opened, department]);
  const refresh = async () => {
    await refreshCareConfig(client);
    // The same rows are business units, listed on the access screens too.
    await client.invalidateQueries({ queryKey: ['units'] });
  };
  const body = () => unitBodyOf(form);
  const save = useFormSave({
    save: () =>
      department
        ? call(api.PATCH('/api/v1/departments/{id}', { params: { path: { id: department.id } }, body: { version: department.version, ...body() } }))
        : call(api.POST('/api/v1/departments', { body: body() })),
    onSaved: () => refresh(),
    onStale: () => void refresh(),
    canSave: canManage,
    onClose,
  });
  const errors = save.fieldErrors;
  const readOnly = !canManage;
  const details = (
    <form onSubmit={save.submit} data-testid="department-form">
      <Stack>
        <TextInput label="Name" required readOnly={readOnly} data-autofocus value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} data-testid="department-name" />
        <Textarea label="Description" autosize minRows={2} readOnly={readOnly} value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} error={errors.description} />
        <TextInput
          label="Notification email"
          type="email"
          description="Where this department's notifications go (optional)"
          readOnly={readOnly}
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          error={errors.email}
          data-testid="department-email-input"
        />
        <Switch
          label="Visible to customers"
          description="Customers can pick it when they open a request"
          disabled={readOnly}
          checked={form.visibleToCustomers}
          onChange={(e) => setForm({ ...form, visibleToCustomers: e.currentTarget.checked })}
          data-testid="department-visible"
        />
        <MultiSelect
          label="Members"
          data={withSelected(users.options, form.memberIds)}
          value={form.memberIds}
          onChange={(memberIds) => setForm({ ...form, memberIds })}
          searchable
          readOnly={readOnly}
          disabled={!users.allowed}
          description={users.allowed ? 'Members work the department’s tickets' : 'You cannot view users.'}
          error={errors.memberIds}
          data-testid="department-members"
        />
        <WriteProblem
          error={save.error}
          fields={['name', 'description', 'email', 'memberIds']}
          what="This department"
          onReload={() => {
            save.reset();
            void refresh();
          }}
        />
        <FormActions canSave={canManage} saving={save.isPending} submitLabel={department ? 'Save changes' : 'Create department'} submitTestId="save-department" onCancel={save.close} />
      </Stack>
    </form>
  );
  return (
    <Modal opened={opened} onClose={save.close} title={department ? `Department: ${department.name}` : 'New department'} size="lg">
      <DetailsWithHistory recordType="business_unit" recordId={department?.id}>
        {details}
      </DetailsWithHistory>
    </Modal>
  );
}
