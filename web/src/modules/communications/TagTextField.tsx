import { useRef, useState, type ChangeEvent, type RefObject } from 'react';
import { Combobox, Text, TextInput, Textarea, useCombobox } from '@mantine/core';
import type { TemplateTag } from './communicationsData';

interface TagTextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  tags: TemplateTag[];
  multiline?: boolean;
  minRows?: number;
  error?: string;
  readOnly?: boolean;
  testId: string;
  inputRef: RefObject<HTMLInputElement | HTMLTextAreaElement | null>;
  onFocus?: () => void;
  description?: string;
}

// "{{tic" or "#tic" right before the caret: the start of a tag being typed.
const trigger = /(\{\{\s*|#)([a-z0-9_.]*)$/i;

/** Inserts `{{tag}}` in place of the range, and puts the caret after it. */
export function insertTag(input: HTMLInputElement | HTMLTextAreaElement, value: string, range: { start: number; end: number }, tag: string, onChange: (value: string) => void) {
  const text = `{{${tag}}}`;
  onChange(value.slice(0, range.start) + text + value.slice(range.end));
  requestAnimationFrame(() => {
    input.focus();
    input.setSelectionRange(range.start + text.length, range.start + text.length);
  });
}

/**
 * A template field that offers the template's tags while typing: `{{` or `#` opens the list,
 * further letters filter it, Enter or a click inserts the tag.
 */
export function TagTextField({ label, value, onChange, tags, multiline, minRows, error, readOnly, testId, inputRef, onFocus, description }: TagTextFieldProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [typed, setTyped] = useState<{ start: number; query: string } | null>(null);
  const caret = useRef(0);

  const matches = typed ? tags.filter((tag) => tag.tag.toLowerCase().includes(typed.query.toLowerCase())) : [];

  const detect = (text: string, position: number) => {
    caret.current = position;
    const match = trigger.exec(text.slice(0, position));
    if (match && !readOnly) {
      setTyped({ start: position - match[0].length, query: match[2]! });
      combobox.openDropdown();
      requestAnimationFrame(() => combobox.selectFirstOption());
    } else {
      setTyped(null);
      combobox.closeDropdown();
    }
  };

  const change = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    onChange(event.currentTarget.value);
    detect(event.currentTarget.value, event.currentTarget.selectionStart ?? event.currentTarget.value.length);
  };

  const submit = (tag: string) => {
    if (typed && inputRef.current) insertTag(inputRef.current, value, { start: typed.start, end: caret.current }, tag, onChange);
    setTyped(null);
    combobox.closeDropdown();
  };

  const common = {
    label,
    description,
    value,
    error,
    readOnly,
    onChange: change,
    onFocus,
    onBlur: () => combobox.closeDropdown(),
    'data-testid': testId,
    styles: { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } },
  };

  return (
    <Combobox store={combobox} onOptionSubmit={submit} position="bottom-start" withinPortal={false}>
      <Combobox.Target>
        {multiline ? (
          <Textarea {...common} ref={inputRef as RefObject<HTMLTextAreaElement>} autosize minRows={minRows ?? 6} maxRows={24} />
        ) : (
          <TextInput {...common} ref={inputRef as RefObject<HTMLInputElement>} />
        )}
      </Combobox.Target>
      <Combobox.Dropdown hidden={matches.length === 0} data-testid={`${testId}-tag-menu`}>
        <Combobox.Options mah={260} style={{ overflowY: 'auto' }}>
          {matches.map((tag) => (
            <Combobox.Option value={tag.tag} key={tag.tag} data-testid={`tag-option-${tag.tag}`}>
              <Text size="sm" ff="monospace">{`{{${tag.tag}}}`}</Text>
              <Text size="xs" opacity={0.75}>
                {tag.description}
              </Text>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
