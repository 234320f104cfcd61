import { eq, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Database, Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation, type FieldError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { honeypotFilled, secondsSinceFormStart, signFormStart } from '../../platform/http/bot-guard.js';
import { takeRateLimit } from '../../platform/http/rate-limit.js';
import { serverSecret } from '../../platform/signing/server-secret.js';
import { openTicket } from '../care/index.js';
import { activeFieldDefinitions, findContactByEmail, findContactRow, loadContactPoints, saveContact } from '../customers/index.js';
import type { SubmitWebFormInput } from './web-forms.contract.js';
import { webFormLimits } from './web-forms.policy.js';
import { webForms, webFormSubmissions, type WebFormRow } from './web-forms.tables.js';
import { checkSubmission, contactAnswers, resolveFields, submissionSubject, submissionText, type ContactAnswers, type ResolvedField, type SubmittedValue } from './web-form-fields.js';

export const defaultThankYou = 'Thank you. We received your message and will get back to you soon.';

/** A form as its public page needs it: the row and its fields as they are today. */
export interface PublicForm {
  form: WebFormRow;
  fields: ResolvedField[];
}

/** The form at a public address, open or closed; undefined when there is none. */
export async function findPublicForm(db: Queryable, slug: string): Promise<PublicForm | undefined> {
  const [form] = await db.select().from(webForms).where(sql`lower(${webForms.slug}) = ${slug.toLowerCase()}`);
  if (!form) return undefined;
  return { form, fields: resolveFields(form.fields, await activeFieldDefinitions(db, 'contact')) };
}

function startSecret(ctx: ServiceContext): Promise<string> {
  return serverSecret(ctx.db, ctx.config, 'web-form-start');
}

/** The signed note of when the page was shown, which the page sends back with the answers. */
export async function formStartToken(ctx: ServiceContext, form: WebFormRow): Promise<string> {
  return signFormStart(await startSecret(ctx), form.id, ctx.clock.now());
}

export interface Sender {
  ipAddress: string;
  userAgent?: string;
}

export interface SubmissionOutcome {
  message: string;
  redirectUrl: string | null;
  /** The case opened; null when the submission was a bot's and was dropped. */
  ticketNumber: number | null;
}

function invalid(errors: FieldError[]): AppError {
  return new AppError('validation_failed', `Please check the form: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}`, { errors });
}

/**
 * Takes one public submission. Bots are kept out by the per-address limit, the honeypot (a bot
 * that fills it is answered as if it had succeeded, and nothing is stored) and the minimum
 * fill time. Every field is checked before anything is written; then the contact, the case,
 * the submission and their events are written in one transaction, or none of them.
 */
export async function submitWebForm(ctx: ServiceContext, slug: string, input: SubmitWebFormInput, sender: Sender): Promise<SubmissionOutcome> {
  const found = await findPublicForm(ctx.db, slug);
  if (!found) throw AppError.notFound('Form');
  const { form, fields } = found;
  if (!form.enabled) throw new AppError('not_found', `The form “${form.name}” is closed and takes no submissions`);
  const now = ctx.clock.now();
  await takeRateLimit(ctx.db, `web-form:ip:${sender.ipAddress}`, { limit: webFormLimits.submissionsPerAddressPerHour, windowSeconds: 3600 }, now, 'form submissions');
  const outcome = { message: form.thankYouMessage || defaultThankYou, redirectUrl: form.redirectUrl };
  if (honeypotFilled(input.website)) {
    ctx.logger.info({ form: form.slug, ipAddress: sender.ipAddress }, 'web form submission with a filled honeypot dropped');
    return { ...outcome, ticketNumber: null };
  }
  const { values, errors } = checkSubmission(fields, input.values);
  if (errors.length) throw invalid(errors);
  if (input.startToken !== undefined) {
    const seconds = secondsSinceFormStart(input.startToken, await startSecret(ctx), form.id, now);
    if (seconds === null) throw AppError.invalid('startToken', 'is not from this form; reload the page and send it again');
    if (seconds < webFormLimits.minimumFillSeconds) throw AppError.invalid('startToken', 'the form was sent sooner than a person can fill it in; check your answers and send it again');
  }
  const answers = contactAnswers(fields, values);
  await takeRateLimit(ctx.db, `web-form:email:${answers.email.toLowerCase()}`, { limit: webFormLimits.submissionsPerEmailPerHour, windowSeconds: 3600 }, now, 'form submissions');
  const actor = systemActor(`web-form:${form.slug}`);
  const write = () =>
    ctx.db.transaction((tx) => writeSubmission({ ...ctx, actor, db: tx as unknown as Database }, { form, fields, values, answers, sender }));
  let ticketNumber: number;
  try {
    ticketNumber = await write();
  } catch (error) {
    // Two first submissions from one new address at once: the second finds the first's contact
    // when it runs again (customers answers the lost race on the address with a conflict).
    if (!isUniqueViolation(error) && !(error instanceof AppError && error.code === 'conflict')) throw error;
    ticketNumber = await write();
  }
  return { ...outcome, ticketNumber };
}

interface SubmissionWrite {
  form: WebFormRow;
  fields: ResolvedField[];
  values: Record<string, SubmittedValue>;
  answers: ContactAnswers;
  sender: Sender;
}

/** Runs inside the submission's transaction (`ctx.db` is it). Answers the new case's number. */
async function writeSubmission(ctx: ServiceContext, input: SubmissionWrite): Promise<number> {
  const { form, fields, values, answers } = input;
  const tx = ctx.db;
  const contact = await saveFormContact(ctx, answers);
  const name = [answers.firstName, answers.lastName].filter(Boolean).join(' ');
  const { row: ticket } = await openTicket(ctx, {
    subject: submissionSubject(form.name, form.subjectFieldKey, values),
    typeId: form.typeId ?? undefined,
    departmentId: form.departmentId ?? undefined,
    categoryId: form.categoryId ?? undefined,
    contact: { contactId: contact.id, name: name || undefined, email: answers.email, phone: answers.phone },
    channel: 'web_form',
    openedBy: 'customer',
    message: { body: submissionText(form.name, fields, values), visibility: 'public' },
    // The confirmation is the communication rule for new requests (ticket_created to the customer).
    emailCustomer: false,
  });
  const now = ctx.clock.now();
  const [submission] = await tx
    .insert(webFormSubmissions)
    .values({
      formId: form.id,
      ticketId: ticket.id,
      contactId: contact.id,
      contactCreated: contact.created,
      values,
      labels: Object.fromEntries(fields.map((field) => [field.key, field.label])),
      ipAddress: input.sender.ipAddress,
      userAgent: input.sender.userAgent?.slice(0, 500) ?? null,
      createdAt: now,
    })
    .returning({ id: webFormSubmissions.id });
  await tx
    .update(webForms)
    .set({ submissionCount: sql`${webForms.submissionCount} + 1`, lastSubmissionAt: now })
    .where(eq(webForms.id, form.id));
  await recordEvent(tx, ctx, {
    recordType: 'web_form_submission',
    recordId: submission!.id,
    action: 'web_form_submission.received',
    changes: { formId: form.id, form: form.name, ticketId: ticket.id, ticketNumber: ticket.number, contactId: contact.id, contactCreated: contact.created },
  });
  return ticket.number;
}

/**
 * The sender's contact, found by the email among every contact's addresses. A new one gets
 * everything the form asked (source `web_form`). A known one only gets what it is missing: the
 * sender is not signed in, so a form never overwrites what is on record; every answer is on the
 * case anyway.
 */
async function saveFormContact(ctx: ServiceContext, answers: ContactAnswers): Promise<{ id: string; created: boolean }> {
  const tx = ctx.db;
  const address = answers.address ? [{ kind: 'other' as const, isDefault: true, ...answers.address }] : undefined;
  const existing = await findContactByEmail(tx, answers.email);
  if (!existing) {
    const id = await saveContact(tx, ctx, undefined, {
      firstName: answers.firstName,
      lastName: answers.lastName,
      email: answers.email,
      phone: answers.phone,
      companyName: answers.companyName,
      jobTitle: answers.jobTitle,
      addresses: address,
      customFields: answers.customFields,
      source: 'web_form',
      onlyGivenCustomFields: true,
    });
    return { id, created: true };
  }
  const before = await findContactRow(tx, existing.id, true);
  const missing = (current: string | null, given: string | undefined) => (!current && given ? given : undefined);
  const fill = {
    firstName: missing(before.firstName, answers.firstName),
    lastName: missing(before.lastName, answers.lastName),
    phone: missing(before.phone, answers.phone),
    companyName: before.companyId ? undefined : missing(before.companyName, answers.companyName),
    jobTitle: missing(before.jobTitle, answers.jobTitle),
    addresses: address && (await loadContactPoints(tx, before)).addresses.length === 0 ? address : undefined,
  };
  const customFields = Object.fromEntries(Object.entries(answers.customFields).filter(([key]) => before.customFields[key] === undefined || before.customFields[key] === null));
  const changes = Object.fromEntries(Object.entries({ ...fill, ...(Object.keys(customFields).length ? { customFields } : {}) }).filter(([, value]) => value !== undefined));
  if (Object.keys(changes).length) await saveContact(tx, ctx, before, changes);
  return { id: before.id, created: false };
}
