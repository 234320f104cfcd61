import { z } from 'zod';

export const highlightSchema = z.object({ start: z.number().int(), end: z.number().int() });

export const searchMatchSchema = z.object({
  field: z.string().describe('Which field matched: name, email, phone, postalCode, accountNumber, subject, message…'),
  label: z.string(),
  text: z.string().describe('The field value (or a snippet of it)'),
  highlights: z.array(highlightSchema).describe('Character ranges of `text` that matched'),
});

export const searchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).describe('What to look for: a name (typos allowed), email, phone, zip code, account or ticket number, words'),
  limit: z.coerce.number().int().min(1).max(20).default(5).describe('Results per kind'),
  kinds: z
    .union([z.string().max(50), z.array(z.string().max(50)).max(20)])
    .optional()
    .transform((value) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]))
    .describe('Only these kinds (contact, company, account, ticket…), repeatable'),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const searchResultSchema = z.object({
  groups: z.array(
    z.object({
      kind: z.string(),
      label: z.string(),
      items: z.array(z.object({ id: z.string(), title: z.string(), subtitle: z.string().nullable(), path: z.string(), matches: z.array(searchMatchSchema) })),
      more: z.boolean(),
      seeAllPath: z.string(),
    }),
  ),
});
