import { useState, type FormEvent } from 'react';
import { Link, getRouteApi } from '@tanstack/react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { api, call, fieldErrors } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AuthFrame } from './AuthFrame';

const route = getRouteApi('/reset-password');

export function ResetPasswordPage() {
  const { token } = route.useSearch();
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const confirm = useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/password-reset/confirm', { body: { token: token ?? '', newPassword } })),
  });
  const errors = fieldErrors(confirm.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    confirm.mutate();
  };
  return (
    <AuthFrame title="Choose a new password">
      {!token ? (
        <Alert color="red" title="Link incomplete">
          This reset link has no token. Open the link from the email again, or request a new one.
        </Alert>
      ) : confirm.isSuccess ? (
        <Alert color="green" title="Password changed" data-testid="reset-done">
          Your password was changed. You can sign in with it now.
        </Alert>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <PasswordInput label="New password" description="At least 10 characters" autoComplete="new-password" required autoFocus value={newPassword} onChange={(e) => setNewPassword(e.currentTarget.value)} error={errors.newPassword} />
            <PasswordInput label="Repeat new password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? 'Passwords do not match' : undefined} />
            <ProblemAlert error={confirm.error} fields={['newPassword']} />
            <Button type="submit" loading={confirm.isPending} fullWidth>
              Set password
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to={confirm.isSuccess ? '/login' : '/forgot-password'} size="sm" ta="center">
        {confirm.isSuccess ? 'Sign in' : 'Request a new link'}
      </Anchor>
    </AuthFrame>
  );
}
