import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from '@mantine/core';
import { api, call } from '../../api/client';
import { useSession } from '../../apps/staff/session';
import { useUserOptions } from '../access/reference';

interface PickerProps {
  label: string;
  value: string | null;
  onChange: (value: string | null, label?: string) => void;
  /** How to show the current value when it is not among the loaded options. */
  currentLabel?: string | null;
  error?: string;
  testId: string;
}

function withCurrent(options: { value: string; label: string }[], value: string | null, currentLabel?: string | null) {
  return value && !options.some((option) => option.value === value) ? [{ value, label: currentLabel ?? value }, ...options] : options;
}

/** A staff user as owner; everyone can pick themselves, those who may list users can pick anyone. */
export function OwnerSelect({ label, value, onChange, currentLabel, error, testId }: PickerProps) {
  const session = useSession();
  const users = useUserOptions();
  const options = users.options.length ? users.options : [{ value: session.user.id, label: `${session.user.name || session.user.email} (me)` }];
  return <Select label={label} clearable searchable data={withCurrent(options, value, currentLabel)} value={value} onChange={(next) => onChange(next)} error={error} data-testid={testId} />;
}

/** Companies found by name as the user types. */
export function CompanySelect({ label, value, onChange, currentLabel, error, testId, exclude }: PickerProps & { exclude?: string }) {
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['companies', 'picker', search],
    queryFn: () => call(api.GET('/api/v1/companies', { params: { query: { q: search || undefined, limit: 20 } } })),
  });
  const options = (found.data?.items ?? []).filter((company) => company.id !== exclude).map((company) => ({ value: company.id, label: company.name }));
  return <Select label={label} clearable searchable onSearchChange={setSearch} filter={({ options: all }) => all} data={withCurrent(options, value, currentLabel)} value={value} onChange={(next) => onChange(next)} error={error} data-testid={testId} />;
}

/** Contacts found by name, email or phone as the user types. */
export function ContactSelect({ label, value, onChange, currentLabel, error, testId }: PickerProps) {
  const [search, setSearch] = useState('');
  const found = useQuery({
    queryKey: ['contacts', 'picker', search],
    queryFn: () => call(api.GET('/api/v1/contacts', { params: { query: { q: search || undefined, limit: 20 } } })),
  });
  const options = (found.data?.items ?? []).map((contact) => ({ value: contact.id, label: contact.email ? `${contact.displayName} <${contact.email}>` : contact.displayName }));
  return <Select label={label} clearable searchable onSearchChange={setSearch} filter={({ options: all }) => all} data={withCurrent(options, value, currentLabel)} value={value} onChange={(next, option) => onChange(next, option?.label)} error={error} data-testid={testId} />;
}
