import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import { jobs, type JobRow, type JobStatus } from '../../platform/jobs/jobs.tables.js';
import { retryDeadJob } from '../../platform/jobs/queue.js';
import { outgoingMails, type OutgoingMailRow } from '../../platform/mail/mail.tables.js';
import { hasRight } from '../access/index.js';

export const systemRights = { outboxRead: 'system.outbox.read', jobsManage: 'system.jobs.manage' } as const;

function requireRight(ctx: ServiceContext, right: string) {
  if (ctx.actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  if (!hasRight(ctx.actor, right)) throw AppError.forbidden(`This needs the ${right} right`);
}

function toMailSummary(row: OutgoingMailRow) {
  return {
    id: row.id,
    toAddress: row.toAddress,
    fromAddress: row.fromAddress,
    subject: row.subject,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    lastError: row.lastError,
  };
}

export async function listOutboxMails(ctx: ServiceContext, query: { cursor?: string; limit: number }) {
  requireRight(ctx, systemRights.outboxRead);
  const after = decodeTypedCursor(query.cursor, z.iso.datetime(), z.uuid());
  const at = after ? new Date(after.sort) : undefined;
  const rows = await ctx.db
    .select()
    .from(outgoingMails)
    .where(at ? or(lt(outgoingMails.createdAt, at), and(eq(outgoingMails.createdAt, at), lt(outgoingMails.id, after!.id))) : undefined)
    .orderBy(desc(outgoingMails.createdAt), desc(outgoingMails.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ sort: row.createdAt.toISOString(), id: row.id }));
  return { items: page.items.map(toMailSummary), nextCursor: page.nextCursor };
}

export async function getOutboxMail(ctx: ServiceContext, id: string) {
  requireRight(ctx, systemRights.outboxRead);
  const [row] = await ctx.db.select().from(outgoingMails).where(eq(outgoingMails.id, id));
  if (!row) throw AppError.notFound('Mail');
  return { ...toMailSummary(row), textBody: row.textBody, htmlBody: row.htmlBody, headers: row.headers };
}

function toJob(row: JobRow) {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    runAt: row.runAt.toISOString(),
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    payload: row.payload,
  };
}

export async function listJobs(ctx: ServiceContext, query: { status?: JobStatus; name?: string; cursor?: string; limit: number }) {
  requireRight(ctx, systemRights.jobsManage);
  const conditions: (SQL | undefined)[] = [];
  if (query.status) conditions.push(eq(jobs.status, query.status));
  if (query.name) conditions.push(eq(jobs.name, query.name));
  const after = decodeTypedCursor(query.cursor, z.number().int(), z.number().int());
  if (after) conditions.push(lt(jobs.id, after.id));
  const rows = await ctx.db.select().from(jobs).where(and(...conditions)).orderBy(desc(jobs.id)).limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ sort: row.id, id: row.id }));
  return { items: page.items.map(toJob), nextCursor: page.nextCursor };
}

/** Puts a dead-lettered job back in the queue. */
export async function retryJob(ctx: ServiceContext, id: number): Promise<void> {
  requireRight(ctx, systemRights.jobsManage);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ status: jobs.status, name: jobs.name }).from(jobs).where(eq(jobs.id, id));
    if (!row) throw AppError.notFound('Job');
    if (!(await retryDeadJob(tx, id, ctx.clock.now()))) throw AppError.conflict(`Only dead jobs can be retried; this one is ${row.status}`);
    await recordEvent(tx, ctx, { recordType: 'job', recordId: String(id), action: 'job.retried', changes: { name: row.name } });
  });
}
