import { useState, type FormEvent } from 'react';
import { Link } from '@tanstack/react-router';
import { useMutation } from '@tanstack/react-query';
import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { api, call, fieldErrors } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AuthFrame } from './AuthFrame';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/password-reset', { body: { email } })),
  });
  const errors = fieldErrors(request.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  return (
    <AuthFrame title="Forgot password" subtitle="We will email you a link to choose a new password.">
      {request.isSuccess ? (
        <Alert color="green" title="Check your email" data-testid="reset-requested">
          If an account exists for {email}, a reset link is on its way. The link works once and expires soon.
        </Alert>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <TextInput label="Email" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} />
            <ProblemAlert error={request.error} fields={['email']} />
            <Button type="submit" loading={request.isPending} fullWidth>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" ta="center">
        Back to sign in
      </Anchor>
    </AuthFrame>
  );
}
