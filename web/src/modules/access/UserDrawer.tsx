import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Divider, Drawer, Group, Modal, MultiSelect, PasswordInput, Radio, Stack, Switch, Text, TextInput } from '@mantine/core';
import { api, call, type User } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DetailsWithHistory } from '../../ui/DetailsWithHistory';
import { formatDateTime } from '../../ui/format';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { useFormSave } from '../../ui/useFormSave';
import { useGroupOptions, useRightOptions, useUnitOptions, withSelected } from './reference';

interface UserDrawerProps {
  userId: string | null;
  onClose: () => void;
  canManage: boolean;
}

/** One user: details (editable with access.users.manage) and history. */
export function UserDrawer({ userId, onClose, canManage }: UserDrawerProps) {
  const query = useQuery({
    queryKey: ['users', 'one', userId],
    queryFn: () => call(api.GET('/api/v1/users/{id}', { params: { path: { id: userId! } } })),
    enabled: !!userId,
  });
  return (
    <Drawer opened={!!userId} onClose={onClose} position="right" size="lg" title={query.data ? query.data.name : 'User'} data-testid="user-drawer">
      <QueryState query={query}>
        {(user) => (
          <DetailsWithHistory recordType="user" recordId={user.id} historyTabTestId="user-history-tab">
            <UserDetails key={`${user.id}:${user.version}`} user={user} canManage={canManage} />
          </DetailsWithHistory>
        )}
      </QueryState>
    </Drawer>
  );
}

function UserDetails({ user, canManage }: { user: User; canManage: boolean }) {
  const client = useQueryClient();
  const groups = useGroupOptions();
  const units = useUnitOptions();
  const rightOptions = useRightOptions();
  const [form, setForm] = useState({
    name: user.name,
    email: user.email,
    isAdmin: user.isAdmin,
    disabled: user.disabled,
    groupIds: user.groupIds,
    unitIds: user.unitIds,
    rightKeys: user.rightKeys,
  });
  const [confirmDisable, setConfirmDisable] = useState(false);
  const [resetOpened, setResetOpened] = useState(false);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['users'] });
    await client.invalidateQueries({ queryKey: ['groups'] });
    await client.invalidateQueries({ queryKey: ['history', 'user', user.id] });
  };
  const save = useFormSave({
    save: () => call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { version: user.version, ...form } })),
    onSaved: refresh,
  });
  const toggleDisabled = useMutation({
    mutationFn: () => call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { version: user.version, disabled: !user.disabled } })),
    onSuccess: async () => {
      setConfirmDisable(false);
      await refresh();
    },
  });
  const errors = save.fieldErrors;
  const readOnly = !canManage;
  return (
    <Stack>
      <Group gap="xs">
        {user.isAdmin && <Badge variant="light">Admin</Badge>}
        <Badge color={user.disabled ? 'gray' : 'green'} variant="light">
          {user.disabled ? 'Disabled' : 'Active'}
        </Badge>
        <Text size="xs" c="dimmed">
          Created {formatDateTime(user.createdAt)} · last sign-in {formatDateTime(user.lastLoginAt)}
        </Text>
      </Group>
      <form onSubmit={save.submit} data-testid="edit-user-form">
        <Stack>
          <TextInput label="Name" required readOnly={readOnly} value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} />
          <TextInput label="Email" type="email" required readOnly={readOnly} value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} error={errors.email} />
          <Switch label="Administrator (holds every right)" disabled={readOnly} checked={form.isAdmin} onChange={(e) => setForm({ ...form, isAdmin: e.currentTarget.checked })} />
          <Switch label="Disabled (cannot sign in)" disabled={readOnly} checked={form.disabled} onChange={(e) => setForm({ ...form, disabled: e.currentTarget.checked })} />
          <MultiSelect
            label="Groups"
            data={withSelected(groups.options, form.groupIds)}
            value={form.groupIds}
            onChange={(groupIds) => setForm({ ...form, groupIds })}
            searchable
            readOnly={readOnly}
            disabled={!groups.allowed}
            error={errors.groupIds}
          />
          <MultiSelect
            label="Business units"
            data={withSelected(units.options, form.unitIds)}
            value={form.unitIds}
            onChange={(unitIds) => setForm({ ...form, unitIds })}
            searchable
            readOnly={readOnly}
            disabled={!units.allowed}
            error={errors.unitIds}
          />
          <MultiSelect
            label="Direct rights"
            description="Granted to this user in addition to the rights of their groups."
            data={rightOptions.query.isSuccess ? rightOptions.options : form.rightKeys.map((key) => ({ value: key, label: key }))}
            value={form.rightKeys}
            onChange={(rightKeys) => setForm({ ...form, rightKeys })}
            searchable
            readOnly={readOnly}
            error={errors.rightKeys}
          />
          <ProblemAlert error={save.error} fields={['name', 'email', 'groupIds', 'unitIds', 'rightKeys']} />
          {save.isSuccess && (
            <Text size="sm" c="green" data-testid="user-saved">
              Saved.
            </Text>
          )}
          {canManage && (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending} data-testid="save-user">
                Save changes
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      {canManage && (
        <>
          <Divider label="Account actions" labelPosition="left" />
          <Group>
            <Button variant="default" onClick={() => setResetOpened(true)} data-testid="reset-password">
              Reset password
            </Button>
            <Button variant="light" color={user.disabled ? 'green' : 'red'} onClick={() => setConfirmDisable(true)} data-testid="toggle-disabled">
              {user.disabled ? 'Enable user' : 'Disable user'}
            </Button>
          </Group>
          <ConfirmDialog
            opened={confirmDisable}
            title={user.disabled ? 'Enable user?' : 'Disable user?'}
            message={user.disabled ? `${user.name} will be able to sign in again.` : `${user.name} will be signed out and can no longer sign in.`}
            confirmLabel={user.disabled ? 'Enable' : 'Disable'}
            color={user.disabled ? 'green' : 'red'}
            onConfirm={() => toggleDisabled.mutate()}
            onClose={() => {
              toggleDisabled.reset();
              setConfirmDisable(false);
            }}
            loading={toggleDisabled.isPending}
            error={toggleDisabled.error}
          />
          <ResetPasswordModal user={user} opened={resetOpened} onClose={() => setResetOpened(false)} />
        </>
      )}
    </Stack>
  );
}

function ResetPasswordModal({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const [mode, setMode] = useState<'email' | 'set'>('email');
  const [password, setPassword] = useState('');
  const reset = useFormSave({
    save: () => call(api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id: user.id } }, body: mode === 'set' ? { password } : {} })),
    onSaved: () => client.invalidateQueries({ queryKey: ['history', 'user', user.id] }),
  });
  useEffect(() => {
    if (!opened) {
      reset.reset();
      setPassword('');
    }
  }, [opened]);
  return (
    <Modal opened={opened} onClose={onClose} title={`Reset password for ${user.name}`}>
      {reset.isSuccess ? (
        <Stack>
          <Text size="sm" data-testid="reset-result">
            {reset.data.emailed ? `A reset link was emailed to ${user.email}.` : 'The new password is set. Tell the user through a safe channel.'}
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={reset.submit}>
          <Stack>
            <Radio.Group value={mode} onChange={(value) => setMode(value as 'email' | 'set')}>
              <Stack gap="xs">
                <Radio value="email" label="Email a reset link to the user" />
                <Radio value="set" label="Set a new password now" />
              </Stack>
            </Radio.Group>
            {mode === 'set' && (
              <PasswordInput label="New password" description="At least 10 characters" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={reset.fieldErrors.password} data-autofocus />
            )}
            <ProblemAlert error={reset.error} fields={['password']} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={reset.isPending}>
                {mode === 'set' ? 'Set password' : 'Send link'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
