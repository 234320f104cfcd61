import { z } from 'zod';
import { ticketStates } from './lifecycle.js';
import { categoryKinds, requestClassifications } from './care-config.tables.js';

const id = z.uuid();
const name = z.string().trim().min(1).max(120);
const version = z.number().int().positive().optional();

export const ticketStatusSchema = z.object({ id, name: z.string(), state: z.enum(ticketStates), position: z.number().int(), version: z.number().int() });
export const createTicketStatusBody = z.strictObject({ name, state: z.enum(ticketStates), position: z.number().int().min(0).max(10_000).default(0) });
export const updateTicketStatusBody = z.strictObject({ version, name: name.optional(), state: z.enum(ticketStates).optional(), position: z.number().int().min(0).max(10_000).optional() });
/** Every status, listed once in the wanted order; positions become 0, 1, 2... */
export const reorderTicketStatusesBody = z.strictObject({ statusIds: z.array(id).min(1).max(200) });

export const cancellationReasonSchema = z.object({ id, name: z.string(), version: z.number().int() });
export const createCancellationReasonBody = z.strictObject({ name });
export const updateCancellationReasonBody = z.strictObject({ version, name });

export const departmentSchema = z.object({ id, name: z.string(), description: z.string(), email: z.string().nullable(), visibleToCustomers: z.boolean(), memberIds: z.array(id), version: z.number().int() });
export const listDepartmentsQuery = z.strictObject({ visibleToCustomers: z.enum(['true', 'false']).optional() });
export const createDepartmentBody = z.strictObject({
  name,
  description: z.string().max(2000).default(''),
  email: z.email().max(254).nullable().default(null),
  visibleToCustomers: z.boolean().default(true),
  memberIds: z.array(id).max(5000).default([]),
});
export const updateDepartmentBody = z.strictObject({
  version,
  name: name.optional(),
  description: z.string().max(2000).optional(),
  email: z.email().max(254).nullable().optional(),
  visibleToCustomers: z.boolean().optional(),
  memberIds: z.array(id).max(5000).optional(),
});

export const ticketCategorySchema = z.object({
  id,
  kind: z.enum(categoryKinds),
  parentId: id.nullable(),
  name: z.string(),
  path: z.string(),
  classification: z.enum(requestClassifications).nullable(),
  requiresAcceptance: z.boolean(),
  position: z.number().int(),
  version: z.number().int(),
});
export const listTicketCategoriesQuery = z.strictObject({ kind: z.enum(categoryKinds).optional() });
export const createTicketCategoryBody = z.strictObject({
  kind: z.enum(categoryKinds),
  name,
  parentId: id.optional(),
  classification: z.enum(requestClassifications).optional(),
  requiresAcceptance: z.boolean().default(false),
  position: z.number().int().min(0).max(10_000).default(0),
});

const durationUnit = z.enum(['minutes', 'hours', 'days', 'weeks']);
const typeRules = {
  description: z.string().max(2000),
  completeWithin: z.strictObject({ amount: z.number().int().min(1).max(100_000), unit: durationUnit }).nullable(),
  recalculateOnRespond: z.boolean(),
  statuses: z.array(z.strictObject({ statusId: id, isDefault: z.boolean().default(false) })).min(1).max(200),
  transitions: z.array(z.strictObject({ fromStatusId: id, toStatusId: id, userIds: z.array(id).max(500).default([]), unitIds: z.array(id).max(500).default([]) })).max(1000),
  categories: z.array(z.strictObject({ categoryId: id, isDefault: z.boolean().default(false) })).max(1000),
  cancellationReasons: z.array(z.strictObject({ reasonId: id, isDefault: z.boolean().default(false) })).max(200),
  creatorUnitIds: z.array(id).max(500),
};

export const ticketTypeSchema = z.object({
  id,
  name: z.string(),
  code: z.string(),
  isDefault: z.boolean(),
  description: z.string(),
  completeWithin: z.object({ amount: z.number().int(), unit: durationUnit }).nullable(),
  recalculateOnRespond: z.boolean(),
  statuses: z.array(z.object({ statusId: id, isDefault: z.boolean() })),
  transitions: z.array(z.object({ fromStatusId: id, toStatusId: id, userIds: z.array(id), unitIds: z.array(id) })),
  categories: z.array(z.object({ categoryId: id, isDefault: z.boolean() })),
  cancellationReasons: z.array(z.object({ reasonId: id, isDefault: z.boolean() })),
  creatorUnitIds: z.array(id),
  version: z.number().int(),
});

export const createTicketTypeBody = z.strictObject({
  name,
  code: z.string().trim().max(40).regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, dashes and underscores only').optional(),
  isDefault: z.boolean().default(false),
  description: typeRules.description.default(''),
  completeWithin: typeRules.completeWithin.default(null),
  recalculateOnRespond: typeRules.recalculateOnRespond.default(false),
  statuses: typeRules.statuses,
  transitions: typeRules.transitions.default([]),
  categories: typeRules.categories.default([]),
  cancellationReasons: typeRules.cancellationReasons.default([]),
  creatorUnitIds: typeRules.creatorUnitIds.default([]),
});
export type CreateTicketTypeInput = z.infer<typeof createTicketTypeBody>;

export const updateTicketTypeBody = z.strictObject({
  version,
  name: name.optional(),
  code: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, dashes and underscores only').optional(),
  isDefault: z.boolean().optional(),
  description: typeRules.description.optional(),
  completeWithin: typeRules.completeWithin.optional(),
  recalculateOnRespond: typeRules.recalculateOnRespond.optional(),
  statuses: typeRules.statuses.optional(),
  transitions: typeRules.transitions.optional(),
  categories: typeRules.categories.optional(),
  cancellationReasons: typeRules.cancellationReasons.optional(),
  creatorUnitIds: typeRules.creatorUnitIds.optional(),
});
export type UpdateTicketTypeInput = Omit<z.infer<typeof updateTicketTypeBody>, 'version'>;

const level = z.object({ id, rank: z.number().int(), label: z.string(), enabled: z.boolean(), isDefault: z.boolean() });
export const priorityModelSchema = z.object({
  impacts: z.array(level),
  urgencies: z.array(level),
  priorities: z.array(level),
  matrix: z.array(z.object({ impactId: id, urgencyId: id, priorityId: id, explicit: z.boolean() })),
});

export const updateTicketCategoryBody = z.strictObject({
  version,
  name: name.optional(),
  parentId: id.nullable().optional(),
  classification: z.enum(requestClassifications).optional(),
  requiresAcceptance: z.boolean().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type UpdateTicketCategoryInput = Omit<z.infer<typeof updateTicketCategoryBody>, 'version'>;

const label = z.string().trim().min(1).max(60);
const levelChange = z.strictObject({ id, label: label.optional(), enabled: z.boolean().optional(), isDefault: z.boolean().optional() });
/** Levels listed are changed (the rest stay as they are); `matrix` replaces every explicit cell. */
export const updatePriorityModelBody = z.strictObject({
  matrix: z.array(z.strictObject({ impactId: id, urgencyId: id, priorityId: id })).max(2_500),
  impacts: z.array(levelChange).max(50).default([]),
  urgencies: z.array(levelChange).max(50).default([]),
  priorities: z.array(levelChange.omit({ isDefault: true })).max(50).default([]),
});
export type UpdatePriorityModelInput = z.infer<typeof updatePriorityModelBody>;
