import { useState } from 'react';
import { portalApi, unwrap, type Customer } from './api';
import { ActionForm, Field, Honeypot, text } from './Form';
import { Link } from './Link';
import { navigate } from './navigation';

export function LoginPage({ onSignedIn }: { onSignedIn: (customer: Customer) => void }) {
  return (
    <section className="portal-card portal-narrow">
      <h2>Sign in to My Account</h2>
      <ActionForm
        submitLabel="Sign in"
        testId="portal-login"
        onSubmit={async (data) => onSignedIn(await unwrap(portalApi.POST('/auth/login', { body: { email: text(data, 'email'), password: text(data, 'password') } })))}
      >
        <Field label="Email" name="email" type="email" required autoComplete="email" />
        <Field label="Password" name="password" type="password" required autoComplete="current-password" />
      </ActionForm>
      <p>
        <Link href="/portal/forgot-password">Forgot your password?</Link> · New here? <Link href="/portal/signup">Create an account</Link>
      </p>
    </section>
  );
}

export function SignUpPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  if (sentTo) {
    return (
      <section className="portal-card portal-narrow" data-testid="portal-signup-sent">
        <h2>Check your email</h2>
        <p>We sent a link to {sentTo}. Open it to confirm your address, then sign in.</p>
      </section>
    );
  }
  return (
    <section className="portal-card portal-narrow">
      <h2>Create your account</h2>
      <ActionForm
        submitLabel="Create account"
        testId="portal-signup"
        onSubmit={async (data) => {
          await unwrap(portalApi.POST('/auth/signup', { body: { name: text(data, 'name'), email: text(data, 'email'), password: text(data, 'password'), website: text(data, 'website') || undefined } }));
          setSentTo(text(data, 'email'));
        }}
      >
        <Field label="Your name" name="name" required autoComplete="name" />
        <Field label="Email" name="email" type="email" required autoComplete="email" />
        <Field label="Password (at least 10 characters)" name="password" type="password" required autoComplete="new-password" />
        <Honeypot />
      </ActionForm>
      <p>
        Already have an account? <Link href="/portal/login">Sign in</Link>
      </p>
    </section>
  );
}

/** Confirms on a click, not on load: a mail scanner opening the link confirms nothing. */
export function VerifyEmailPage({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  return (
    <section className="portal-card portal-narrow" data-testid="portal-verify">
      <h2>Confirm your email</h2>
      {done ? (
        <p>
          Your email address is confirmed. You can now <Link href="/portal/login">sign in</Link>.
        </p>
      ) : (
        <ActionForm submitLabel="Confirm my email address" onSubmit={async () => {
          await unwrap(portalApi.POST('/auth/verify-email', { body: { token } }));
          setDone(true);
        }}>
          <p>Confirm that this address is yours to finish opening your account.</p>
        </ActionForm>
      )}
    </section>
  );
}

export function ForgotPasswordPage() {
  const [sent, setSent] = useState(false);
  return (
    <section className="portal-card portal-narrow">
      <h2>Forgot your password?</h2>
      {sent ? (
        <p>If an account uses that address, we emailed it a link to choose a new password. The link works for one hour.</p>
      ) : (
        <ActionForm
          submitLabel="Email me a link"
          onSubmit={async (data) => {
            await unwrap(portalApi.POST('/auth/password-reset', { body: { email: text(data, 'email') } }));
            setSent(true);
          }}
        >
          <Field label="Email" name="email" type="email" required autoComplete="email" />
        </ActionForm>
      )}
    </section>
  );
}

export function ResetPasswordPage({ token, invitation }: { token: string; invitation: boolean }) {
  return (
    <section className="portal-card portal-narrow">
      <h2>{invitation ? 'Welcome! Choose your password' : 'Choose a new password'}</h2>
      <ActionForm
        submitLabel="Save password"
        onSubmit={async (data) => {
          await unwrap(portalApi.POST('/auth/password-reset/confirm', { body: { token, password: text(data, 'password') } }));
          navigate('/portal/login?reset=1', true);
        }}
      >
        <Field label="New password (at least 10 characters)" name="password" type="password" required autoComplete="new-password" />
      </ActionForm>
    </section>
  );
}
