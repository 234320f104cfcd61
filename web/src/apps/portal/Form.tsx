import { useState, type FormEvent, type ReactNode } from 'react';
import { errorText } from './api';

/** A form that runs one async action, disables itself meanwhile and shows the server's answer. */
export function ActionForm({ onSubmit, submitLabel, children, testId }: { onSubmit: (data: FormData) => Promise<void>; submitLabel: string; children: ReactNode; testId?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(new FormData(event.currentTarget));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="portal-form" onSubmit={submit} data-testid={testId}>
      {children}
      {error && (
        <p className="portal-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="portal-primary" disabled={busy}>
        {busy ? 'Please wait…' : submitLabel}
      </button>
    </form>
  );
}

export function Field({ label, name, type = 'text', required, defaultValue, autoComplete, readOnly }: { label: string; name: string; type?: string; required?: boolean; defaultValue?: string; autoComplete?: string; readOnly?: boolean }) {
  return (
    <label className="portal-field">
      <span>{label}</span>
      <input name={name} type={type} required={required} defaultValue={defaultValue} autoComplete={autoComplete} readOnly={readOnly} />
    </label>
  );
}

/** Bots fill every field; people never see this one (hidden by CSS, skipped by keyboard). */
export function Honeypot() {
  return (
    <label className="portal-honeypot" aria-hidden="true">
      Website
      <input name="website" type="text" tabIndex={-1} autoComplete="off" />
    </label>
  );
}

export const text = (data: FormData, name: string) => String(data.get(name) ?? '');
