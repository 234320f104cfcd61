import { z } from 'zod';
import { communicationEvents, recipientKinds } from './communication-rules.js';
import { templateKeys } from './template-tags.js';

const id = z.uuid();
const version = z.number().int().positive().optional();

export const templateKeyParams = z.strictObject({ templateKey: z.enum(templateKeys) });
export const ruleIdParams = z.strictObject({ id });

export const tagSchema = z.object({ tag: z.string(), description: z.string(), sample: z.string() });

const templateFields = {
  subject: z.string().max(500),
  htmlBody: z.string().max(200_000),
  textBody: z.string().max(100_000),
};

export const templateSchema = z.object({
  key: z.enum(templateKeys),
  name: z.string(),
  description: z.string(),
  audience: z.enum(['customer', 'staff']),
  ...templateFields,
  tags: z.array(tagSchema),
  version: z.number().int(),
  updatedAt: z.string(),
});

export const updateTemplateBody = z.strictObject({ version, ...templateFields });

/** The editor's unsaved text; fields left out come from the saved template. */
export const previewTemplateBody = z.strictObject({
  subject: templateFields.subject.optional(),
  htmlBody: templateFields.htmlBody.optional(),
  textBody: templateFields.textBody.optional(),
});

export const templatePreviewSchema = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  /** Unknown or malformed tags; saving would be refused with the same list. */
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});

export const communicationRuleSchema = z.object({
  id,
  name: z.string(),
  event: z.enum(communicationEvents),
  templateKey: z.enum(templateKeys),
  recipient: z.enum(recipientKinds),
  fixedAddress: z.string().nullable(),
  enabled: z.boolean(),
  ticketTypeIds: z.array(id),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const ruleFields = {
  name: z.string().trim().min(1).max(200),
  event: z.enum(communicationEvents),
  templateKey: z.enum(templateKeys),
  recipient: z.enum(recipientKinds),
  fixedAddress: z.email().max(254).nullable(),
  enabled: z.boolean(),
  ticketTypeIds: z.array(id).max(200),
};

export const createCommunicationRuleBody = z.strictObject({
  ...ruleFields,
  fixedAddress: ruleFields.fixedAddress.default(null),
  enabled: ruleFields.enabled.default(true),
  ticketTypeIds: ruleFields.ticketTypeIds.default([]),
});

export const updateCommunicationRuleBody = z.strictObject({
  version,
  name: ruleFields.name.optional(),
  event: ruleFields.event.optional(),
  templateKey: ruleFields.templateKey.optional(),
  recipient: ruleFields.recipient.optional(),
  fixedAddress: ruleFields.fixedAddress.optional(),
  enabled: ruleFields.enabled.optional(),
  ticketTypeIds: ruleFields.ticketTypeIds.optional(),
});

export const sendEmailBody = z.strictObject({
  templateKey: z.enum(templateKeys),
  /** The record the email is about: a ticket (it joins the ticket's conversation) or a contact. */
  ticketNumber: z.number().int().positive().optional(),
  contactId: id.optional(),
  /** Defaults to the customer's email. */
  to: z.email().max(254).optional(),
  /** Fills {{message.body}}. */
  message: z.string().max(20_000).optional(),
});

export const sentEmailSchema = z.object({ mailId: id, to: z.string(), subject: z.string(), messageId: z.string() });

export const ticketMailSchema = z.object({
  mailId: id,
  toAddress: z.string(),
  subject: z.string(),
  status: z.enum(['queued', 'sent', 'stored', 'failed']),
  templateKey: z.enum(templateKeys).nullable(),
  recipientKind: z.enum(recipientKinds),
  messageId: z.string(),
  automatic: z.boolean(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export type UpdateTemplateInput = z.infer<typeof updateTemplateBody>;
export type PreviewTemplateInput = z.infer<typeof previewTemplateBody>;
export type CreateCommunicationRuleInput = z.infer<typeof createCommunicationRuleBody>;
export type UpdateCommunicationRuleInput = z.infer<typeof updateCommunicationRuleBody>;
export type SendEmailInput = z.infer<typeof sendEmailBody>;
