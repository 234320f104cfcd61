import { ActionIcon, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { addressKindLabels, identifierLabels, type AddressEntry, type EmailEntry, type IdentifierEntry, type PhoneEntry } from './customerData';

type Errors = Record<string, string>;

interface ListProps<Entry> {
  entries: Entry[];
  onChange: (entries: Entry[]) => void;
  errors: Errors;
}

function update<Entry>(entries: Entry[], index: number, patch: Partial<Entry>): Entry[] {
  return entries.map((entry, i) => (i === index ? { ...entry, ...patch } : entry));
}

/** Marks one entry the default (per address kind for addresses) and clears the others in its group. */
function makeDefault<Entry extends { isDefault: boolean }>(entries: Entry[], index: number, sameGroup: (a: Entry, b: Entry) => boolean = () => true): Entry[] {
  const chosen = entries[index]!;
  return entries.map((entry, i) => (sameGroup(entry, chosen) ? { ...entry, isDefault: i === index } : entry));
}

function Remove({ onClick, testId }: { onClick: () => void; testId: string }) {
  return (
    <ActionIcon variant="subtle" color="red" mt={4} aria-label="Remove" onClick={onClick} data-testid={testId}>
      ×
    </ActionIcon>
  );
}

function Section({ title, onAdd, addTestId, children }: { title: string; onAdd: () => void; addTestId: string; children: React.ReactNode }) {
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>{title}</Text>
        <Button size="compact-xs" variant="light" onClick={onAdd} data-testid={addTestId}>
          Add
        </Button>
      </Group>
      {children}
    </Stack>
  );
}

export function EmailsEditor({ entries, onChange, errors }: ListProps<EmailEntry>) {
  return (
    <Section title="Emails" onAdd={() => onChange([...entries, { email: '', label: 'other', isDefault: entries.length === 0 }])} addTestId="add-email">
      {entries.map((entry, index) => (
        <Group key={index} align="flex-start" wrap="nowrap">
          <TextInput flex={1} placeholder="name@example.com" type="email" value={entry.email} error={errors[`emails.${index}.email`]} onChange={(e) => onChange(update(entries, index, { email: e.currentTarget.value }))} data-testid={`email-${index}`} />
          <Select w={110} data={['work', 'home', 'other']} value={entry.label} allowDeselect={false} onChange={(value) => onChange(update(entries, index, { label: (value ?? 'other') as EmailEntry['label'] }))} />
          <Checkbox mt={8} label="Default" checked={entry.isDefault} onChange={() => onChange(makeDefault(entries, index))} />
          <Remove onClick={() => onChange(entries.filter((_, i) => i !== index))} testId={`remove-email-${index}`} />
        </Group>
      ))}
    </Section>
  );
}

export function PhonesEditor({ entries, onChange, errors }: ListProps<PhoneEntry>) {
  return (
    <Section title="Phones" onAdd={() => onChange([...entries, { number: '', label: 'mobile', isDefault: entries.length === 0 }])} addTestId="add-phone">
      {entries.map((entry, index) => (
        <Group key={index} align="flex-start" wrap="nowrap">
          <TextInput flex={1} placeholder="+44 20 7946 0000" value={entry.number} error={errors[`phones.${index}.number`]} onChange={(e) => onChange(update(entries, index, { number: e.currentTarget.value }))} data-testid={`phone-${index}`} />
          <Select w={110} data={['mobile', 'work', 'home', 'fax', 'other']} value={entry.label} allowDeselect={false} onChange={(value) => onChange(update(entries, index, { label: (value ?? 'other') as PhoneEntry['label'] }))} />
          <Checkbox mt={8} label="Default" checked={entry.isDefault} onChange={() => onChange(makeDefault(entries, index))} />
          <Remove onClick={() => onChange(entries.filter((_, i) => i !== index))} testId={`remove-phone-${index}`} />
        </Group>
      ))}
    </Section>
  );
}

const blankAddress: AddressEntry = { kind: 'billing', isDefault: false, line1: '', line2: '', city: '', region: '', postalCode: '', country: '' };

export function AddressesEditor({ entries, onChange, errors }: ListProps<AddressEntry>) {
  const sameKind = (a: AddressEntry, b: AddressEntry) => a.kind === b.kind;
  return (
    <Section title="Addresses" onAdd={() => onChange([...entries, { ...blankAddress, isDefault: !entries.some((entry) => entry.kind === 'billing') }])} addTestId="add-address">
      {entries.map((entry, index) => {
        const text = (key: 'line1' | 'line2' | 'city' | 'region' | 'postalCode' | 'country', label: string, width?: number) => (
          <TextInput
            label={label}
            w={width}
            flex={width ? undefined : 1}
            value={entry[key]}
            error={errors[`addresses.${index}.${key}`]}
            onChange={(e) => onChange(update(entries, index, { [key]: e.currentTarget.value } as Partial<AddressEntry>))}
            data-testid={`address-${index}-${key}`}
          />
        );
        return (
          <Stack key={index} gap={4} p="xs" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}>
            <Group align="flex-end">
              <Select label="Kind" w={130} data={Object.entries(addressKindLabels).map(([value, label]) => ({ value, label }))} value={entry.kind} allowDeselect={false} onChange={(value) => onChange(update(entries, index, { kind: (value ?? 'other') as AddressEntry['kind'], isDefault: false }))} data-testid={`address-${index}-kind`} />
              <Checkbox mb={8} label="Default for its kind" checked={entry.isDefault} onChange={() => onChange(makeDefault(entries, index, sameKind))} />
              <Remove onClick={() => onChange(entries.filter((_, i) => i !== index))} testId={`remove-address-${index}`} />
            </Group>
            <Group grow>
              {text('line1', 'Street')}
              {text('line2', 'Line 2')}
            </Group>
            <Group>
              {text('postalCode', 'Postal code', 110)}
              {text('city', 'City')}
              {text('region', 'Region')}
              {text('country', 'Country', 80)}
            </Group>
          </Stack>
        );
      })}
    </Section>
  );
}

export function IdentifiersEditor({ entries, onChange, errors }: ListProps<IdentifierEntry>) {
  return (
    <Section title="Identifiers" onAdd={() => onChange([...entries, { kind: 'id_number', value: '' }])} addTestId="add-identifier">
      {entries.map((entry, index) => (
        <Group key={index} align="flex-start" wrap="nowrap">
          <Select w={160} data={Object.entries(identifierLabels).map(([value, label]) => ({ value, label }))} value={entry.kind} allowDeselect={false} onChange={(value) => onChange(update(entries, index, { kind: (value ?? 'id_number') as IdentifierEntry['kind'] }))} />
          <TextInput flex={1} value={entry.value} error={errors[`identifiers.${index}.value`]} onChange={(e) => onChange(update(entries, index, { value: e.currentTarget.value }))} data-testid={`identifier-${index}`} />
          <Remove onClick={() => onChange(entries.filter((_, i) => i !== index))} testId={`remove-identifier-${index}`} />
        </Group>
      ))}
    </Section>
  );
}
