import { z } from 'zod';
import { paginationQuery } from '../../platform/http/pagination.js';

export const timelineKinds = ['ticket', 'note', 'email', 'contact', 'order', 'activity'] as const;
const kinds = timelineKinds;

export const timelineQuery = z.strictObject({
  kind: z
    .union([z.enum(kinds), z.array(z.enum(kinds)).max(10)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .describe('Only these kinds (ticket, note, email, contact; order and activity once those modules exist), repeatable'),
  ...paginationQuery,
});
export type TimelineQuery = z.infer<typeof timelineQuery>;

export const timelineEntrySchema = z.object({
  id: z.number().int().describe('The event id'),
  kind: z.enum(kinds),
  action: z.string(),
  occurredAt: z.string(),
  actor: z.string().nullable(),
  recordType: z.string(),
  recordId: z.string(),
  title: z.string(),
  summary: z.string().nullable(),
  path: z.string().nullable().describe('Where the record opens in the staff app'),
});
