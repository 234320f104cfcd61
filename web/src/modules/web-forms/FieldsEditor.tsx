import { ActionIcon, Badge, Button, Card, Checkbox, Group, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import type { CustomField } from '../customers/customerData';
import { contactFieldLabels, formFieldTypeLabels, keyFrom, type ContactFieldKey, type FormFieldType } from './webFormsData';

/** One field while it is being edited; `id` only keys the row on screen. */
export interface FieldDraft {
  id: string;
  kind: 'contact' | 'custom' | 'form';
  key: string;
  /** A question's key follows its label until someone edits the key. */
  keyTouched: boolean;
  label: string;
  required: boolean;
  helpText: string;
  type: FormFieldType;
  options: string[];
}

let draftCounter = 0;
export function newDraft(fields: Partial<FieldDraft> & Pick<FieldDraft, 'kind' | 'key' | 'label'>): FieldDraft {
  draftCounter += 1;
  return { id: `draft-${draftCounter}`, keyTouched: true, required: false, helpText: '', type: 'text', options: [], ...fields };
}

interface FieldsEditorProps {
  fields: FieldDraft[];
  onChange: (fields: FieldDraft[]) => void;
  customFields: CustomField[];
  errors: Record<string, string>;
  readOnly: boolean;
}

function kindBadge(field: FieldDraft, customFields: CustomField[]) {
  if (field.kind === 'contact') return <Badge variant="light">Contact · {contactFieldLabels[field.key as ContactFieldKey] ?? field.key}</Badge>;
  if (field.kind === 'custom') {
    const definition = customFields.find((candidate) => candidate.key === field.key);
    return (
      <Badge variant="light" color="grape">
        Custom field · {definition ? `${definition.label} (${definition.type})` : `${field.key} (no longer active)`}
      </Badge>
    );
  }
  return (
    <Badge variant="light" color="teal">
      Question · {formFieldTypeLabels[field.type]}
    </Badge>
  );
}

/**
 * The fields of a form in page order: contact fields and contact custom fields (stored on the
 * contact), and questions of the form's own (kept on the case).
 */
export function FieldsEditor({ fields, onChange, customFields, errors, readOnly }: FieldsEditorProps) {
  const update = (index: number, patch: Partial<FieldDraft>) => onChange(fields.map((field, at) => (at === index ? { ...field, ...patch } : field)));
  const move = (index: number, by: number) => {
    const next = [...fields];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    onChange(next);
  };
  const usedContactKeys = new Set(fields.filter((field) => field.kind === 'contact').map((field) => field.key));
  const usedCustomKeys = new Set(fields.filter((field) => field.kind === 'custom').map((field) => field.key));
  const contactChoices = (Object.keys(contactFieldLabels) as ContactFieldKey[]).filter((key) => !usedContactKeys.has(key)).map((key) => ({ value: key, label: contactFieldLabels[key] }));
  const customChoices = customFields.filter((field) => !usedCustomKeys.has(field.key)).map((field) => ({ value: field.key, label: `${field.label} (${field.type})` }));
  const errorAt = (index: number, part: string) => errors[`fields.${index}.${part}`];

  return (
    <Stack gap="sm">
      {errors.fields && (
        <Text c="red" size="sm" role="alert">
          {errors.fields}
        </Text>
      )}
      {fields.map((field, index) => {
        const helpInput = <TextInput label="Help text" placeholder="Shown under the label" readOnly={readOnly} value={field.helpText} onChange={(e) => update(index, { helpText: e.currentTarget.value })} error={errorAt(index, 'helpText')} />;
        return (
          <Card key={field.id} withBorder padding="sm" data-testid={`web-form-field-${index}`}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                {kindBadge(field, customFields)}
                {!readOnly && (
                  <Group gap={4} wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={`Move ${field.label || 'field'} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                      ↑
                    </ActionIcon>
                    <ActionIcon variant="subtle" aria-label={`Move ${field.label || 'field'} down`} disabled={index === fields.length - 1} onClick={() => move(index, 1)}>
                      ↓
                    </ActionIcon>
                    <Button size="compact-sm" variant="subtle" color="red" onClick={() => onChange(fields.filter((_, at) => at !== index))}>
                      Remove
                    </Button>
                  </Group>
                )}
              </Group>
              <Group grow align="flex-start">
                <TextInput
                  label="Label"
                  required
                  readOnly={readOnly}
                  value={field.label}
                  onChange={(e) => {
                    const label = e.currentTarget.value;
                    update(index, { label, ...(field.kind === 'form' && !field.keyTouched ? { key: keyFrom(label) } : {}) });
                  }}
                  error={errorAt(index, 'label')}
                />
                {field.kind === 'form' ? (
                  <TextInput label="Key" description="Names the answer in the API" readOnly={readOnly} value={field.key} onChange={(e) => update(index, { key: e.currentTarget.value, keyTouched: true })} error={errorAt(index, 'key')} />
                ) : (
                  helpInput
                )}
              </Group>
              {field.kind !== 'form' && errorAt(index, 'key') && (
                <Text c="red" size="sm">
                  {errorAt(index, 'key')}
                </Text>
              )}
              {field.kind === 'form' && (
                <Group grow align="flex-start">
                  <Select
                    label="Type"
                    allowDeselect={false}
                    readOnly={readOnly}
                    data={Object.entries(formFieldTypeLabels).map(([value, label]) => ({ value, label }))}
                    value={field.type}
                    onChange={(value) => value && update(index, { type: value as FormFieldType, options: value === 'choice' ? field.options : [] })}
                    error={errorAt(index, 'type')}
                    data-testid="field-type"
                  />
                  {field.type === 'choice' && (
                    <TagsInput label="Choices" description="Type a choice and press Enter" readOnly={readOnly} value={field.options} onChange={(options) => update(index, { options })} error={errorAt(index, 'options')} />
                  )}
                </Group>
              )}
              {field.kind === 'form' && helpInput}
              <Checkbox label="Required" disabled={readOnly} checked={field.required} onChange={(e) => update(index, { required: e.currentTarget.checked })} error={errorAt(index, 'required')} />
            </Stack>
          </Card>
        );
      })}
      {!readOnly && (
        <Group align="flex-end">
          <Select
            label="Add a contact field"
            placeholder="Choose…"
            data={contactChoices}
            value={null}
            onChange={(key) => key && onChange([...fields, newDraft({ kind: 'contact', key, label: contactFieldLabels[key as ContactFieldKey], required: key === 'email' })])}
            data-testid="add-contact-field"
          />
          <Select
            label="Add a custom field"
            placeholder={customFields.length ? 'Choose…' : 'No contact custom fields'}
            disabled={customChoices.length === 0}
            data={customChoices}
            value={null}
            onChange={(key) => key && onChange([...fields, newDraft({ kind: 'custom', key, label: customFields.find((field) => field.key === key)?.label ?? key })])}
            data-testid="add-custom-field"
          />
          <Button variant="light" onClick={() => onChange([...fields, newDraft({ kind: 'form', key: '', keyTouched: false, label: '' })])} data-testid="add-question">
            Add a question
          </Button>
        </Group>
      )}
    </Stack>
  );
}
