import { Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { customFieldText, useCustomFields, type CustomField, type RecordKind } from './customerData';

export type CustomValue = string | number | boolean | null;
export type CustomValues = Record<string, CustomValue>;

function FieldInput({ field, value, error, onChange }: { field: CustomField; value: unknown; error?: string; onChange: (value: CustomValue) => void }) {
  const common = { label: field.label, error, required: field.required, 'data-testid': `custom-field-${field.key}` };
  switch (field.type) {
    case 'number':
      return <NumberInput {...common} value={typeof value === 'number' ? value : ''} onChange={(next) => onChange(next === '' ? null : Number(next))} />;
    case 'choice':
      return <Select {...common} data={field.options} value={typeof value === 'string' ? value : null} onChange={(next) => onChange(next)} clearable={!field.required} />;
    case 'boolean':
      return <Checkbox mt="lg" label={field.label} error={error} data-testid={`custom-field-${field.key}`} checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} />;
    case 'date':
      return <TextInput {...common} type="date" value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.currentTarget.value || null)} />;
    default:
      return <TextInput {...common} type={field.type === 'email' ? 'email' : field.type === 'url' ? 'url' : 'text'} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.currentTarget.value || null)} />;
  }
}

/** Inputs for a record kind's custom fields; errors come keyed `customFields.<key>`. */
export function CustomFieldInputs({ recordKind, values, onChange, errors }: { recordKind: RecordKind; values: CustomValues; onChange: (values: CustomValues) => void; errors: Record<string, string> }) {
  const { fields } = useCustomFields(recordKind);
  if (!fields.length) return null;
  return (
    <SimpleGrid cols={2}>
      {fields.map((field) => (
        <FieldInput key={field.id} field={field} value={values[field.key]} error={errors[`customFields.${field.key}`]} onChange={(value) => onChange({ ...values, [field.key]: value })} />
      ))}
    </SimpleGrid>
  );
}

/** A record's custom field values, read-only, as label/value rows. */
export function CustomFieldTable({ recordKind, values }: { recordKind: RecordKind; values: Record<string, unknown> }) {
  const { fields } = useCustomFields(recordKind);
  if (!fields.length) return null;
  return (
    <Stack gap={6} data-testid="custom-field-values">
      {fields.map((field) => (
        <Group key={field.id} gap="xs" wrap="nowrap">
          <Text size="sm" c="dimmed" w={110}>{field.label}</Text>
          <Text size="sm" data-testid={`custom-value-${field.key}`}>{customFieldText(field, values[field.key])}</Text>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * Only the values the user touched are sent: null clears one, and untouched keys keep their
 * stored value (the server merges).
 */
export function changedValues(before: Record<string, unknown>, after: CustomValues): CustomValues {
  const changes: CustomValues = {};
  for (const [key, value] of Object.entries(after)) if (JSON.stringify(before[key] ?? null) !== JSON.stringify(value ?? null)) changes[key] = value ?? null;
  return changes;
}
