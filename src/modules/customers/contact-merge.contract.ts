import { z } from 'zod';
import { paginationQuery } from '../../platform/http/pagination.js';
import { contactDetailSchema } from './customers.contract.js';
import { lifecycleStates } from './customers.tables.js';
import { duplicateReasonKinds } from './duplicate-rules.js';
import { addressOutput, emailOutput, phoneOutput, recordId } from './shared.contract.js';
import { identifierEntry } from './customers.contract.js';

/** Duplicate scan, merge preview, merge and undo of contacts. */

export const findDuplicateContactsQuery = z.strictObject({
  contactId: recordId.optional().describe('Only the likely duplicates of this contact, best first'),
  ...paginationQuery,
});
export type FindDuplicateContactsQuery = z.infer<typeof findDuplicateContactsQuery>;

const duplicateContactSchema = z.object({
  id: recordId,
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  companyName: z.string().nullable(),
  createdAt: z.string(),
});

export const duplicateReasonSchema = z.object({
  kind: z.enum(duplicateReasonKinds),
  /** "same email", "same phone", "similar name + same company". */
  label: z.string(),
  values: z.array(z.string()).describe('The matched value of each contact, in the order contact, other'),
  similarity: z.number().nullable().describe('Name similarity 0-1 (pg_trgm) for name_company'),
});

export const duplicatePairSchema = z.object({
  contact: duplicateContactSchema.describe('The newer contact of the pair'),
  other: duplicateContactSchema,
  score: z.number().int().describe('0-99: how likely the two are one person'),
  reasons: z.array(duplicateReasonSchema),
});

export const duplicatePageSchema = z.object({
  items: z.array(duplicatePairSchema),
  nextCursor: z.string().nullable(),
  scannedThrough: z.string().nullable().describe('The scan looks at contacts newest first, a batch per request: the creation time of the oldest contact this page looked at. A page may hold fewer pairs than asked (even none) and still have a next cursor.'),
});

export const dismissDuplicateBody = z
  .strictObject({ contactIds: z.array(recordId).length(2).describe('The two contacts that are not the same person') })
  .refine((body) => body.contactIds[0] !== body.contactIds[1], { message: 'name two different contacts', path: ['contactIds'] });

export const mergeSide = z.enum(['winner', 'loser']);

export const mergeContactsBody = z
  .strictObject({
    winnerId: recordId.describe('The contact that stays'),
    loserId: recordId.describe('The contact merged into the winner; it is kept hidden ("merged into") so the merge can be undone'),
    picks: z
      .record(z.string().max(100), mergeSide)
      .default({})
      .describe('Which side wins per field, by the `field` of the preview\'s choices (firstName, company, owner, lifecycleState, identifiers.passport, customFields.tier, emails.default, addresses.billing.default, ...). Unpicked fields keep the preview\'s default. Emails, phones, addresses and tags are unioned.'),
    winnerVersion: z.number().int().positive().optional().describe('The winner\'s version the picks were made on; a newer one is a 412'),
    loserVersion: z.number().int().positive().optional(),
    dryRun: z.boolean().default(false).describe('Only preview: both records side by side, the choices, the result and what would move'),
  })
  .refine((body) => body.winnerId !== body.loserId, { message: 'cannot merge a contact with itself', path: ['loserId'] });
export type MergeContactsInput = z.infer<typeof mergeContactsBody>;

const sideValue = z.object({ value: z.unknown(), text: z.string().nullable().describe('The value as a person reads it') });

export const mergeChoiceSchema = z.object({
  field: z.string(),
  label: z.string(),
  winner: sideValue,
  loser: sideValue,
  pick: mergeSide,
  differs: z.boolean(),
});

export const mergeOutcomeSchema = z.object({
  displayName: z.string(),
  companyName: z.string().nullable(),
  lifecycleState: z.enum(lifecycleStates),
  emails: z.array(emailOutput),
  phones: z.array(phoneOutput),
  addresses: z.array(addressOutput),
  identifiers: z.array(identifierEntry),
  tags: z.array(z.string()),
  customFields: z.record(z.string(), z.unknown()),
});

export const mergePreviewSchema = z.object({
  winner: contactDetailSchema,
  loser: contactDetailSchema,
  choices: z.array(mergeChoiceSchema),
  result: mergeOutcomeSchema.describe('The winner as the merge would leave it'),
  moves: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number().int() })).describe("The loser's records that move to the winner"),
  blockers: z.array(z.string()).describe('Why the merge cannot be done now; empty when it can'),
  undoDays: z.number().int(),
});

export const contactMergeSchema = z.object({
  id: recordId,
  winner: z.object({ id: recordId, displayName: z.string() }),
  loser: z.object({ id: recordId, displayName: z.string() }),
  mergedAt: z.string(),
  mergedBy: z.string(),
  undoUntil: z.string(),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
  /** Whether undoMerge would be accepted now. */
  undoable: z.boolean(),
  moved: z.record(z.string(), z.number().int()).describe('How many records of each kind moved'),
});

export const mergeResultSchema = z.object({ merge: contactMergeSchema, contact: contactDetailSchema });
export const undoMergeResultSchema = z.object({ merge: contactMergeSchema, winner: contactDetailSchema, loser: contactDetailSchema });
export const contactMergeListSchema = z.object({ items: z.array(contactMergeSchema) });
