import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Checkbox, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { api, call, fieldErrors } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [endOtherSessions, setEndOtherSessions] = useState(true);
  const [done, setDone] = useState(false);
  const mutation = useMutation({
    mutationFn: () => call(api.POST('/api/v1/me/password', { body: { currentPassword, newPassword, endOtherSessions } })),
    onSuccess: () => {
      setDone(true);
      setCurrentPassword('');
      setNewPassword('');
    },
  });
  const errors = fieldErrors(mutation.error);
  const close = () => {
    mutation.reset();
    setDone(false);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };
  return (
    <Modal opened={opened} onClose={close} title="Change password" centered>
      {done ? (
        <Stack>
          <Text size="sm" data-testid="password-changed">
            Your password was changed.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <PasswordInput label="Current password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrentPassword(e.currentTarget.value)} error={errors.currentPassword} data-autofocus />
            <PasswordInput label="New password" description="At least 10 characters" autoComplete="new-password" required value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} error={errors.newPassword} />
            <Checkbox label="Sign out my other sessions" checked={endOtherSessions} onChange={(e) => setEndOtherSessions(e.currentTarget.checked)} />
            <ProblemAlert error={mutation.error} fields={['currentPassword', 'newPassword']} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
