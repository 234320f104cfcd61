import { and, desc, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { assertCanCustomers, canEditNote } from './customers.policy.js';
import { accounts, companies, contacts, customerNotes, type CustomerNoteRow, type CustomerRecordKind } from './customers.tables.js';
import type { CreateNoteInput, UpdateNoteInput } from './shared.contract.js';

const parentTables = { contact: contacts, company: companies, account: accounts };
const noteColumn = { contact: customerNotes.contactId, company: customerNotes.companyId, account: customerNotes.accountId };
const noteKey = { contact: 'contactId', company: 'companyId', account: 'accountId' } as const;
const labels = { contact: 'Contact', company: 'Company', account: 'Account' };

function toNote(row: CustomerNoteRow) {
  return { id: row.id, visibility: row.visibility, body: row.body, author: { id: row.authorUserId, name: row.authorName }, version: row.version, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

async function assertRecordExists(ctx: ServiceContext, kind: CustomerRecordKind, recordId: string) {
  const table = parentTables[kind];
  const [row] = await ctx.db.select({ id: table.id }).from(table).where(eq(table.id, recordId));
  if (!row) throw AppError.notFound(labels[kind]);
}

async function findNote(ctx: ServiceContext, kind: CustomerRecordKind, recordId: string, noteId: string) {
  const [row] = await ctx.db.select().from(customerNotes).where(and(eq(customerNotes.id, noteId), eq(noteColumn[kind], recordId)));
  if (!row) throw AppError.notFound('Note');
  return row;
}

/** Notes on a record, newest first. Notes are events of the record they sit on, so its history and timeline show them. */
export async function listNotes(ctx: ServiceContext, kind: CustomerRecordKind, recordId: string) {
  assertCanCustomers(ctx.actor, 'customer.read');
  await assertRecordExists(ctx, kind, recordId);
  const rows = await ctx.db.select().from(customerNotes).where(eq(noteColumn[kind], recordId)).orderBy(desc(customerNotes.createdAt), desc(customerNotes.id)).limit(500);
  return { items: rows.map(toNote) };
}

export async function createNote(ctx: ServiceContext, kind: CustomerRecordKind, recordId: string, input: CreateNoteInput) {
  assertCanCustomers(ctx.actor, 'note.write');
  await assertRecordExists(ctx, kind, recordId);
  const now = ctx.clock.now();
  const authorName = ctx.actor.kind === 'user' || ctx.actor.kind === 'system' ? ctx.actor.name : 'anonymous';
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(customerNotes)
      .values({ [noteKey[kind]]: recordId, body: input.body, visibility: input.visibility, authorUserId: ctx.actor.kind === 'user' ? ctx.actor.id : null, authorName, createdAt: now, updatedAt: now })
      .returning();
    await recordEvent(tx, ctx, { recordType: kind, recordId, action: `${kind}.note_added`, changes: { noteId: row!.id, visibility: row!.visibility, body: row!.body } });
    return toNote(row!);
  });
}

export async function updateNote(ctx: ServiceContext, kind: CustomerRecordKind, recordId: string, noteId: string, expectedVersion: number, input: UpdateNoteInput) {
  assertCanCustomers(ctx.actor, 'note.write');
  const before = await findNote(ctx, kind, recordId, noteId);
  if (!canEditNote(ctx.actor, before)) throw AppError.forbidden('Only the author or a customer manager may change this note');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(customerNotes)
      .set({ ...input, updatedAt: ctx.clock.now(), version: sql`${customerNotes.version} + 1` })
      .where(and(eq(customerNotes.id, noteId), eq(customerNotes.version, expectedVersion)))
      .returning();
    if (!row) throw staleVersionError('The note');
    await recordEvent(tx, ctx, { recordType: kind, recordId, action: `${kind}.note_updated`, changes: { noteId, ...(input.body !== undefined ? { body: { from: before.body, to: row.body } } : {}), ...(input.visibility ? { visibility: { from: before.visibility, to: row.visibility } } : {}) } });
    return toNote(row);
  });
}

export async function deleteNote(ctx: ServiceContext, kind: CustomerRecordKind, recordId: string, noteId: string) {
  assertCanCustomers(ctx.actor, 'note.write');
  const before = await findNote(ctx, kind, recordId, noteId);
  if (!canEditNote(ctx.actor, before)) throw AppError.forbidden('Only the author or a customer manager may delete this note');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(customerNotes).where(eq(customerNotes.id, noteId));
    await recordEvent(tx, ctx, { recordType: kind, recordId, action: `${kind}.note_deleted`, changes: { noteId, body: before.body } });
  });
}
