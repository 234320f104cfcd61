import { useState, type FormEvent } from 'react';
import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { api, ApiError, call, fieldErrors, setCsrfToken } from '../../api/client';
import { sessionKey } from '../../apps/staff/session';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AuthFrame } from './AuthFrame';

const route = getRouteApi('/login');

/** Only same-site paths are followed after sign-in, never another origin. */
function safeRedirect(target: string | undefined): string {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/login') ? target : '/';
}

export function LoginPage() {
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/login', { body: { email, password } })),
    onSuccess: async (session) => {
      setCsrfToken(session.csrfToken);
      client.clear();
      client.setQueryData(sessionKey, session);
      await navigate({ href: safeRedirect(redirect), replace: true });
    },
  });
  const errors = fieldErrors(login.error);
  const rateLimited = login.error instanceof ApiError && login.error.status === 429;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };
  return (
    <AuthFrame title="Sign in" subtitle="Use your Patron staff account.">
      <form onSubmit={submit} data-testid="login-form">
        <Stack>
          <TextInput label="Email" type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} />
          <PasswordInput label="Password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
          {rateLimited ? (
            <Alert color="orange" title="Too many attempts" role="alert" data-testid="rate-limited">
              {login.error instanceof ApiError && login.error.problem.detail
                ? login.error.problem.detail
                : 'Too many sign-in attempts. Wait a minute, then try again.'}
            </Alert>
          ) : (
            <ProblemAlert error={login.error} title="Could not sign in" fields={['email', 'password']} />
          )}
          <Button type="submit" loading={login.isPending} fullWidth>
            Sign in
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
            Forgot password?
          </Anchor>
        </Stack>
      </form>
    </AuthFrame>
  );
}
