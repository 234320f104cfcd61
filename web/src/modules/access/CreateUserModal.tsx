import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, MultiSelect, PasswordInput, Stack, Switch, TextInput } from '@mantine/core';
import { api, call, fieldErrors } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { useGroupOptions, useUnitOptions } from './reference';

const emptyForm = { email: '', name: '', password: '', isAdmin: false, groupIds: [] as string[], unitIds: [] as string[] };

export function CreateUserModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated?: (id: string) => void }) {
  const client = useQueryClient();
  const groups = useGroupOptions();
  const units = useUnitOptions();
  const [form, setForm] = useState(emptyForm);
  const create = useMutation({
    mutationFn: () =>
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
    onSuccess: async (user) => {
      await client.invalidateQueries({ queryKey: ['users'] });
      await client.invalidateQueries({ queryKey: ['groups'] });
      close();
      onCreated?.(user.id);
    },
  });
  const errors = fieldErrors(create.error);
  const close = () => {
    setForm(emptyForm);
    create.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Modal opened={opened} onClose={close} title="New user" size="lg">
      <form onSubmit={submit} data-testid="create-user-form">
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
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="create-user-submit">
              Create user
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
