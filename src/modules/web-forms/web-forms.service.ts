import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isForeignKeyViolation, isUniqueViolation, type FieldError } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { assertTicketTarget, tickets } from '../care/index.js';
import { activeFieldDefinitions } from '../customers/index.js';
import { escapeHtml } from '../communications/index.js';
import type { CreateWebFormInput, UpdateWebFormInput, WebForm, WebFormFieldInput } from './web-forms.contract.js';
import { assertCanWebForms } from './web-forms.policy.js';
import { webForms, webFormSubmissions, type WebFormRow } from './web-forms.tables.js';
import type { WebFormField } from './web-form-fields.js';

export function publicFormUrl(config: Pick<Config, 'publicUrl'>, slug: string): string {
  return `${config.publicUrl}/forms/${encodeURIComponent(slug)}`;
}

/** The iframe another site pastes in; `embed=1` drops the page's own margins and background. */
export function embedCode(url: string, name: string): string {
  return `<iframe src="${escapeHtml(`${url}?embed=1`)}" title="${escapeHtml(name)}" loading="lazy" style="width: 100%; max-width: 640px; height: 760px; border: 0;"></iframe>`;
}

function toWebForm(row: WebFormRow, config: Pick<Config, 'publicUrl'>): WebForm {
  const url = publicFormUrl(config, row.slug);
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    fields: row.fields.map((field) => ({
      kind: field.kind,
      key: field.key,
      label: field.label,
      required: field.required,
      helpText: field.helpText,
      type: field.kind === 'form' ? field.type : null,
      options: field.kind === 'form' ? field.options : [],
    })),
    typeId: row.typeId,
    departmentId: row.departmentId,
    categoryId: row.categoryId,
    subjectFieldKey: row.subjectFieldKey,
    thankYouMessage: row.thankYouMessage,
    redirectUrl: row.redirectUrl,
    enabled: row.enabled,
    publicUrl: url,
    embedCode: embedCode(url, row.name),
    submissionCount: row.submissionCount,
    lastSubmissionAt: row.lastSubmissionAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Fields as stored: a form field's choices once each, no type on the others (theirs live elsewhere). */
function storedFields(fields: WebFormFieldInput[]): WebFormField[] {
  return fields.map((field) => (field.kind === 'form' ? { ...field, options: field.type === 'choice' ? [...new Set(field.options)] : field.options } : field));
}

type FormValues = Omit<CreateWebFormInput, 'fields'> & { fields: WebFormField[] };

/**
 * A form's parts must fit together: each problem names its field, all at once. The email field
 * is always there and required, because a submission finds or creates its contact by it.
 */
async function assertFormValid(db: Queryable, form: FormValues): Promise<void> {
  const errors: FieldError[] = [];
  const customKeys = new Set((await activeFieldDefinitions(db, 'contact')).map((definition) => definition.key));
  const seen = new Set<string>();
  form.fields.forEach((field, index) => {
    const at = `fields.${index}`;
    if (seen.has(field.key)) errors.push({ field: `${at}.key`, message: 'is used by another field of this form' });
    seen.add(field.key);
    if (field.kind === 'custom' && !customKeys.has(field.key)) errors.push({ field: `${at}.key`, message: 'is not an active custom field of contacts' });
    if (field.kind === 'form' && field.type === 'choice' && field.options.length === 0) errors.push({ field: `${at}.options`, message: 'a choice field needs options' });
    if (field.kind === 'form' && field.type !== 'choice' && field.options.length > 0) errors.push({ field: `${at}.options`, message: 'only a choice field has options' });
  });
  const emailIndex = form.fields.findIndex((field) => field.kind === 'contact' && field.key === 'email');
  if (emailIndex < 0) errors.push({ field: 'fields', message: 'must include the email field: a submission finds or creates its contact by it' });
  else if (!form.fields[emailIndex]!.required) errors.push({ field: `fields.${emailIndex}.required`, message: 'the email field must be required' });
  if (form.subjectFieldKey) {
    const subjectField = form.fields.find((field) => field.key === form.subjectFieldKey);
    if (!subjectField) errors.push({ field: 'subjectFieldKey', message: 'is not the key of a field on this form' });
    else if (subjectField.kind === 'form' && subjectField.type === 'boolean') errors.push({ field: 'subjectFieldKey', message: 'a tick box cannot be the subject' });
  }
  if (errors.length) throw new AppError('validation_failed', `Invalid form: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}`, { errors });
  await assertTicketTarget(db, { typeId: form.typeId, departmentId: form.departmentId, categoryId: form.categoryId });
}

function slugTaken(slug: string): AppError {
  return AppError.conflict(`Another form already has the address /forms/${slug}`, 'slug');
}

async function findForm(db: Queryable, id: string): Promise<WebFormRow> {
  const [row] = await db.select().from(webForms).where(eq(webForms.id, id));
  if (!row) throw AppError.notFound('Web form');
  return row;
}

export async function listWebForms(ctx: ServiceContext) {
  assertCanWebForms(ctx.actor, 'read');
  const rows = await ctx.db.select().from(webForms).orderBy(asc(sql`lower(${webForms.name})`), asc(webForms.id));
  return { items: rows.map((row) => toWebForm(row, ctx.config)) };
}

export async function getWebForm(ctx: ServiceContext, id: string) {
  assertCanWebForms(ctx.actor, 'read');
  return toWebForm(await findForm(ctx.db, id), ctx.config);
}

/** The snapshot a form's events carry: what an admin chose, without counters and timestamps. */
function formSnapshot(row: WebFormRow) {
  const { id: _id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, submissionCount: _count, lastSubmissionAt: _last, createdByUserId: _by, ...chosen } = row;
  return chosen;
}

export async function createWebForm(ctx: ServiceContext, input: CreateWebFormInput) {
  assertCanWebForms(ctx.actor, 'manage');
  const values: FormValues = { ...input, fields: storedFields(input.fields), redirectUrl: input.redirectUrl || null };
  await assertFormValid(ctx.db, values);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(webForms)
        .values({ ...values, createdByUserId: ctx.actor.kind === 'user' ? ctx.actor.id : null, createdAt: now, updatedAt: now })
        .returning();
      await recordEvent(tx, ctx, { recordType: 'web_form', recordId: row!.id, action: 'web_form.created', changes: formSnapshot(row!) });
      return toWebForm(row!, ctx.config);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(values.slug);
    throw error;
  }
}

export async function updateWebForm(ctx: ServiceContext, id: string, expectedVersion: number, input: UpdateWebFormInput) {
  assertCanWebForms(ctx.actor, 'manage');
  const before = await findForm(ctx.db, id);
  const changes = {
    ...input,
    ...(input.fields ? { fields: storedFields(input.fields) } : {}),
    ...(input.redirectUrl !== undefined ? { redirectUrl: input.redirectUrl || null } : {}),
  } as Partial<FormValues>;
  await assertFormValid(ctx.db, { ...formSnapshot(before), ...changes } as FormValues);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(webForms)
        .set({ ...changes, version: sql`${webForms.version} + 1`, updatedAt: ctx.clock.now() })
        .where(and(eq(webForms.id, id), eq(webForms.version, expectedVersion)))
        .returning();
      if (!updated) throw staleVersionError(`The form “${before.name}”`);
      await recordEvent(tx, ctx, { recordType: 'web_form', recordId: id, action: 'web_form.updated', changes: diffFields(formSnapshot(before), formSnapshot(updated)) });
      return toWebForm(updated, ctx.config);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(changes.slug ?? before.slug);
    throw error;
  }
}

/**
 * Deletes a form nobody has sent yet. One with submissions stays (its submissions point at it):
 * switch it off instead, and its address answers that the form is closed.
 */
export async function deleteWebForm(ctx: ServiceContext, id: string) {
  assertCanWebForms(ctx.actor, 'manage');
  const row = await findForm(ctx.db, id);
  const refuse = () => AppError.conflict(`“${row.name}” has submissions and cannot be deleted; switch it off instead`);
  if (row.submissionCount > 0) throw refuse();
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.delete(webForms).where(eq(webForms.id, id));
      await recordEvent(tx, ctx, { recordType: 'web_form', recordId: id, action: 'web_form.deleted', changes: { name: row.name, slug: row.slug } });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw refuse();
    throw error;
  }
}

/** The latest submissions of a form with the case each opened. */
export async function listWebFormSubmissions(ctx: ServiceContext, id: string, limit: number) {
  assertCanWebForms(ctx.actor, 'read');
  await findForm(ctx.db, id);
  const rows = await ctx.db
    .select({ submission: webFormSubmissions, ticketNumber: tickets.number })
    .from(webFormSubmissions)
    .leftJoin(tickets, eq(tickets.id, webFormSubmissions.ticketId))
    .where(eq(webFormSubmissions.formId, id))
    .orderBy(desc(webFormSubmissions.createdAt), desc(webFormSubmissions.id))
    .limit(limit);
  return {
    items: rows.map(({ submission, ticketNumber }) => ({
      id: submission.id,
      ticketNumber: ticketNumber ?? null,
      contactId: submission.contactId,
      contactCreated: submission.contactCreated,
      values: submission.values,
      labels: submission.labels,
      createdAt: submission.createdAt.toISOString(),
    })),
  };
}
