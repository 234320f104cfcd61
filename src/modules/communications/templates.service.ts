import { and, asc, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { assertCanCommunicate } from './communications.policy.js';
import type { PreviewTemplateInput, UpdateTemplateInput } from './communications.contract.js';
import { mailTemplates, type MailTemplateRow } from './communications.tables.js';
import { renderTemplate, validateTemplate } from './template-renderer.js';
import { allowedTags, sampleValues, templateDefinitions, templateKeys, type TemplateKey } from './template-tags.js';

function toTemplate(row: MailTemplateRow) {
  const definition = templateDefinitions[row.key];
  return {
    key: row.key,
    name: definition.name,
    description: definition.description,
    audience: definition.audience,
    subject: row.subject,
    htmlBody: row.htmlBody,
    textBody: row.textBody,
    tags: definition.tags,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function findTemplate(ctx: ServiceContext, key: TemplateKey): Promise<MailTemplateRow> {
  const [row] = await ctx.db.select().from(mailTemplates).where(eq(mailTemplates.key, key));
  if (!row) throw AppError.notFound(`Template ${key}`);
  return row;
}

export async function listTemplates(ctx: ServiceContext) {
  assertCanCommunicate(ctx.actor, 'settings.read');
  const rows = await ctx.db.select().from(mailTemplates).orderBy(asc(mailTemplates.key));
  const order = (key: TemplateKey) => templateKeys.indexOf(key);
  return { items: rows.sort((a, b) => order(a.key) - order(b.key)).map(toTemplate) };
}

export async function getTemplate(ctx: ServiceContext, key: TemplateKey) {
  assertCanCommunicate(ctx.actor, 'settings.read');
  return toTemplate(await findTemplate(ctx, key));
}

/** Saves a template; every unknown tag is a 400 naming its field, and nothing is saved. */
export async function updateTemplate(ctx: ServiceContext, key: TemplateKey, expectedVersion: number, input: Omit<UpdateTemplateInput, 'version'>) {
  assertCanCommunicate(ctx.actor, 'settings.manage');
  const errors = validateTemplate(input, allowedTags(key));
  if (errors.length) throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  const row = await findTemplate(ctx, key);
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(mailTemplates)
      .set({ ...input, version: sql`${mailTemplates.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(mailTemplates.key, key), eq(mailTemplates.version, expectedVersion)))
      .returning();
    if (!updated) throw staleVersionError(`Template ${templateDefinitions[key].name}`);
    await recordEvent(tx, ctx, { recordType: 'mail_template', recordId: key, action: 'mail_template.updated', changes: diffFields(row, updated, ['version', 'updatedAt', 'createdAt']) });
    return toTemplate(updated);
  });
}

/** Renders the editor's text (or the saved template) with the sample values of its tags. */
export async function previewTemplate(ctx: ServiceContext, key: TemplateKey, input: PreviewTemplateInput) {
  assertCanCommunicate(ctx.actor, 'settings.read');
  const saved = await findTemplate(ctx, key);
  const source = { subject: input.subject ?? saved.subject, htmlBody: input.htmlBody ?? saved.htmlBody, textBody: input.textBody ?? saved.textBody };
  return { ...renderTemplate(source, sampleValues(key)), errors: validateTemplate(source, allowedTags(key)) };
}
