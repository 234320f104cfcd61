import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Modal, MultiSelect, PasswordInput, Stack, Switch, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { FormActions } from '../../ui/FormActions';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { useFormSave } from '../../ui/useFormSave';
import { useGroupOptions, useUnitOptions } from './reference';

const emptyForm = { email: '', name: '', password: '', isAdmin: false, groupIds: [] as string[], unitIds: [] as string[] };

export function CreateUserModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated?: (id: string) => void }) {
  const client = useQueryClient();
  const groups = useGroupOptions();
  const units = useUnitOptions();
  const [form, setForm] = useState(emptyForm);
  const create = useFormSave({
    save: () =>
      call(
        api.POST('/api/v1/users', {
          body: {
            email: form.email,
            name: form.name,
            password: form.password || undefined,
            isAdmin: form.isAdmin,
            groupIds: form.groupIds,
            unitIds: form.unitIds,
          },
        }),
      ),
    onSaved: async (user) => {
      await client.invalidateQueries({ queryKey: ['users'] });
      await client.invalidateQueries({ queryKey: ['groups'] });
      close();
      onCreated?.(user.id);
    },
  });
  const errors = create.fieldErrors;
  const close = () => {
    setForm(emptyForm);
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="New user" size="lg">
      <form onSubmit={create.submit} data-testid="create-user-form">
        <Stack>
          <TextInput label="Email" type="email" required data-autofocus value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} error={errors.email} />
          <TextInput label="Name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} />
          <PasswordInput
            label="Password"
            description="Optional. Leave empty and use “Reset password” to email a link instead."
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
            error={errors.password}
          />
          <Switch label="Administrator (holds every right)" checked={form.isAdmin} onChange={(e) => setForm({ ...form, isAdmin: e.currentTarget.checked })} />
          <MultiSelect
            label="Groups"
            data={groups.options}
            value={form.groupIds}
            onChange={(groupIds) => setForm({ ...form, groupIds })}
            searchable
            clearable
            disabled={!groups.allowed}
            description={groups.allowed ? undefined : 'You cannot view groups.'}
            error={errors.groupIds}
            data-testid="user-groups"
          />
          <MultiSelect
            label="Business units"
            data={units.options}
            value={form.unitIds}
            onChange={(unitIds) => setForm({ ...form, unitIds })}
            searchable
            clearable
            disabled={!units.allowed}
            description={units.allowed ? undefined : 'You cannot view business units.'}
            error={errors.unitIds}
            data-testid="user-units"
          />
          <ProblemAlert error={create.error} fields={['email', 'name', 'password', 'groupIds', 'unitIds']} />
          <FormActions saving={create.isPending} submitLabel="Create user" submitTestId="create-user-submit" onCancel={close} />
        </Stack>
      </form>
    </Modal>
  );
}
