import { z } from 'zod';
import type { FieldError } from '../../platform/errors.js';
import type { CustomFieldType } from './customers.tables.js';

/** What the value checks need of a definition. */
export interface FieldDefinition {
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
}

export type CustomFieldValue = string | number | boolean;

const emailFormat = z.email();
const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(text: string): boolean {
  const match = isoDate.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/**
 * One value in its stored form, or the reason it is refused. Numbers and booleans also come as
 * text (imports and query strings send text); they are stored as JSON numbers and booleans so
 * filters compare them as such.
 */
export function coerceCustomFieldValue(definition: FieldDefinition, raw: unknown): { value: CustomFieldValue } | { error: string } {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  switch (definition.type) {
    case 'text':
      return text !== undefined ? { value: text } : { error: 'must be text' };
    case 'number': {
      const number = typeof raw === 'number' ? raw : text !== undefined && text !== '' ? Number(text) : Number.NaN;
      return Number.isFinite(number) ? { value: number } : { error: 'must be a number' };
    }
    case 'date':
      return text !== undefined && isRealDate(text) ? { value: text } : { error: 'must be a date like 2026-01-31' };
    case 'choice':
      return text !== undefined && definition.options.includes(text) ? { value: text } : { error: `must be one of: ${definition.options.join(', ')}` };
    case 'boolean':
      if (typeof raw === 'boolean') return { value: raw };
      if (text === 'true' || text === 'false') return { value: text === 'true' };
      return { error: 'must be true or false' };
    case 'email':
      return text !== undefined && emailFormat.safeParse(text).success ? { value: text } : { error: 'must be an email address' };
    case 'url':
      return text !== undefined && /^https?:\/\/[^\s/]+\.[^\s]*$/i.test(text) && URL.canParse(text) ? { value: text } : { error: 'must be an http(s) address' };
  }
}

/**
 * Merges `input` into the stored values after checking each against the active definitions.
 * Null or an empty string removes a value. A required field must have a value when the record
 * is created, and may not be emptied later (records older than the rule keep their gap until edited).
 */
export function applyCustomFieldValues(
  definitions: FieldDefinition[],
  stored: Record<string, unknown>,
  input: Record<string, unknown> | undefined,
  mode: 'create' | 'update',
): { values: Record<string, unknown>; errors: FieldError[] } {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const values: Record<string, unknown> = { ...stored };
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(input ?? {})) {
    const field = `customFields.${key}`;
    const definition = byKey.get(key);
    if (!definition) {
      errors.push({ field, message: 'is not a custom field of this kind of record' });
      continue;
    }
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
      if (definition.required) errors.push({ field, message: 'is required' });
      delete values[key];
      continue;
    }
    const result = coerceCustomFieldValue(definition, raw);
    if ('error' in result) errors.push({ field, message: result.error });
    else values[key] = result.value;
  }
  if (mode === 'create') {
    for (const definition of definitions) {
      if (definition.required && values[definition.key] === undefined && !errors.some((error) => error.field === `customFields.${definition.key}`)) {
        errors.push({ field: `customFields.${definition.key}`, message: 'is required' });
      }
    }
  }
  return { values, errors };
}

export const customFieldFilterOperators = ['eq', 'contains', 'gte', 'lte', 'empty'] as const;
export type CustomFieldFilterOperator = (typeof customFieldFilterOperators)[number];

export interface CustomFieldFilter {
  definition: FieldDefinition;
  operator: CustomFieldFilterOperator;
  /** The value in stored form; absent for `empty`. */
  value?: CustomFieldValue;
}

const operatorsByType: Record<CustomFieldType, readonly CustomFieldFilterOperator[]> = {
  text: ['eq', 'contains', 'empty'],
  email: ['eq', 'contains', 'empty'],
  url: ['eq', 'contains', 'empty'],
  choice: ['eq', 'empty'],
  boolean: ['eq', 'empty'],
  number: ['eq', 'gte', 'lte', 'empty'],
  date: ['eq', 'gte', 'lte', 'empty'],
};

/** Parses one `key:op:value` filter; the value may itself contain colons. */
export function parseCustomFieldFilter(text: string, definitions: FieldDefinition[]): CustomFieldFilter | { error: string } {
  const [key = '', operator = '', ...rest] = text.split(':');
  const definition = definitions.find((candidate) => candidate.key === key);
  if (!definition) return { error: `${key || '(empty)'} is not a custom field of this kind of record` };
  if (!operatorsByType[definition.type].includes(operator as CustomFieldFilterOperator)) {
    return { error: `${key} takes the operators ${operatorsByType[definition.type].join(', ')}` };
  }
  if (operator === 'empty') return { definition, operator: 'empty' };
  const raw = rest.join(':');
  if (operator === 'contains') return raw.trim() ? { definition, operator, value: raw.trim() } : { error: `${key}: give text to look for` };
  const coerced = coerceCustomFieldValue(definition, raw);
  if ('error' in coerced) return { error: `${key} ${coerced.error}` };
  return { definition, operator: operator as CustomFieldFilterOperator, value: coerced.value };
}
