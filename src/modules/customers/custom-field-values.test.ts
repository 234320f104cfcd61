import { describe, expect, it } from 'vitest';
import { applyCustomFieldValues, coerceCustomFieldValue, parseCustomFieldFilter, type FieldDefinition } from './custom-field-values.js';

const field = (key: string, type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({ key, label: key, type, options: [], required: false, ...extra });

describe('custom field values', () => {
  it('stores numbers and booleans typed, dates as real calendar days, and refuses what does not fit', () => {
    expect(coerceCustomFieldValue(field('n', 'number'), ' 12.5 ')).toEqual({ value: 12.5 });
    expect(coerceCustomFieldValue(field('n', 'number'), '')).toHaveProperty('error');
    expect(coerceCustomFieldValue(field('b', 'boolean'), 'false')).toEqual({ value: false });
    expect(coerceCustomFieldValue(field('d', 'date'), '2024-02-29')).toEqual({ value: '2024-02-29' });
    expect(coerceCustomFieldValue(field('d', 'date'), '2023-02-29')).toHaveProperty('error');
    expect(coerceCustomFieldValue(field('c', 'choice', { options: ['a', 'b'] }), 'c')).toEqual({ error: 'must be one of: a, b' });
    expect(coerceCustomFieldValue(field('u', 'url'), 'https://example.com/x')).toEqual({ value: 'https://example.com/x' });
    expect(coerceCustomFieldValue(field('u', 'url'), 'javascript:alert(1)')).toHaveProperty('error');
    expect(coerceCustomFieldValue(field('e', 'email'), 'a@b.co')).toEqual({ value: 'a@b.co' });
    expect(coerceCustomFieldValue(field('t', 'text'), 5)).toHaveProperty('error');
  });

  it('merges into stored values, removes on null or empty, and enforces required fields on create only', () => {
    const definitions = [field('tier', 'text', { required: true }), field('score', 'number')];
    expect(applyCustomFieldValues(definitions, {}, { score: 3 }, 'create').errors).toEqual([{ field: 'customFields.tier', message: 'is required' }]);
    expect(applyCustomFieldValues(definitions, { tier: 'a', score: 1 }, { score: null }, 'update')).toEqual({ values: { tier: 'a' }, errors: [] });
    expect(applyCustomFieldValues(definitions, { score: 1 }, { score: 2 }, 'update')).toEqual({ values: { score: 2 }, errors: [] });
    expect(applyCustomFieldValues(definitions, { tier: 'a' }, { tier: '' }, 'update').errors).toEqual([{ field: 'customFields.tier', message: 'is required' }]);
    expect(applyCustomFieldValues(definitions, {}, { tier: 'a', other: 1 }, 'create').errors.map((error) => error.field)).toEqual(['customFields.other']);
  });

  it('parses filters by the operators each type allows', () => {
    const definitions = [field('score', 'number'), field('tier', 'choice', { options: ['gold'] }), field('link', 'url')];
    expect(parseCustomFieldFilter('score:gte:10', definitions)).toMatchObject({ operator: 'gte', value: 10 });
    expect(parseCustomFieldFilter('link:eq:https://a.test:8080/x', definitions)).toMatchObject({ operator: 'eq', value: 'https://a.test:8080/x' });
    expect(parseCustomFieldFilter('tier:contains:go', definitions)).toHaveProperty('error');
    expect(parseCustomFieldFilter('score:gte:ten', definitions)).toHaveProperty('error');
    expect(parseCustomFieldFilter('tier:empty:', definitions)).toMatchObject({ operator: 'empty' });
    expect(parseCustomFieldFilter('missing:eq:1', definitions)).toHaveProperty('error');
  });
});
