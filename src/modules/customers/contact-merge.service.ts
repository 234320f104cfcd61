import { desc, eq, inArray, sql } from 'drizzle-orm';
import { actorLabel } from '../../platform/actor.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { users } from '../access/access.tables.js';
import { phoneCountry, replaceAddresses, replaceEmails, replaceIdentifiers, replacePhones } from './contact-details.js';
import { contactMergeHandlers } from './contact-merge-handlers.js';
import { resolveMerge, undoMergedRecord, type MergeChoice, type MergeRecord } from './contact-merge-rules.js';
import type { MergeContactsInput } from './contact-merge.contract.js';
import { recordSearchWords } from './contact-search.js';
import { contactDisplayName, getContact, loadContactPoints } from './contacts.service.js';
import { activeFieldDefinitions } from './custom-fields.service.js';
import { assertCanCustomers } from './customers.policy.js';
import { companies, contactEmails, contactIdentifiers, contactMerges, contacts, customerAddresses, customerPhones, type ContactMergeRow, type ContactRow } from './customers.tables.js';
import { assertNoFieldErrors } from './field-errors.js';

/**
 * Merging two contacts into one, and undoing it. The loser's fields go to the winner as picked,
 * its lists join the winner's, and everything that points at it moves (the handlers in
 * contact-merge-handlers.ts, including other modules' tickets and portal sign-ins). The loser
 * stays as a hidden tombstone pointing at the winner, so old links resolve and an undo can bring
 * it back. One transaction, with events on both contacts.
 */

/** How long a merge can be undone. */
export const contactMergeUndoDays = 30;
const dayMs = 24 * 60 * 60 * 1000;

function toMergeRecord(row: ContactRow, points: Awaited<ReturnType<typeof loadContactPoints>>): MergeRecord {
  return {
    firstName: row.firstName,
    lastName: row.lastName,
    companyId: row.companyId,
    companyName: row.companyName,
    jobTitle: row.jobTitle,
    ownerId: row.ownerId,
    salesRepCode: row.salesRepCode,
    lifecycleState: row.lifecycleState,
    disabled: row.disabled,
    tags: row.tags,
    customFields: row.customFields,
    emails: points.emails,
    phones: points.phones,
    addresses: points.addresses,
    identifiers: points.identifiers,
  };
}

function recordDisplayName(record: MergeRecord): string {
  return contactDisplayName({ firstName: record.firstName, lastName: record.lastName, email: (record.emails.find((entry) => entry.isDefault) ?? record.emails[0])?.email ?? null });
}

async function mergeRecordOf(db: Queryable, row: ContactRow): Promise<MergeRecord> {
  return toMergeRecord(row, await loadContactPoints(db, row));
}

/** Both contacts, locked in id order (two merges of the same pair cannot deadlock). */
async function lockedPair(tx: Queryable, winnerId: string, loserId: string) {
  const rows = await tx
    .select()
    .from(contacts)
    .where(inArray(contacts.id, [winnerId, loserId]))
    .orderBy(contacts.id)
    .for('update');
  return pairOf(rows, winnerId, loserId);
}

function pairOf(rows: ContactRow[], winnerId: string, loserId: string) {
  const winner = rows.find((row) => row.id === winnerId);
  const loser = rows.find((row) => row.id === loserId);
  if (!winner) throw AppError.invalid('winnerId', 'unknown contact');
  if (!loser) throw AppError.invalid('loserId', 'unknown contact');
  return { winner, loser };
}

function assertMergeable(winner: ContactRow, loser: ContactRow) {
  if (winner.mergedIntoId) throw AppError.conflict(`${contactDisplayName(winner)} was merged into another contact; merge into that one`, 'winnerId');
  if (loser.mergedIntoId) throw AppError.conflict(`${contactDisplayName(loser)} was already merged into another contact`, 'loserId');
}

async function planMerge(db: Queryable, winner: ContactRow, loser: ContactRow, picks: Record<string, 'winner' | 'loser'>) {
  // One after another: inside a transaction the queries share one connection.
  const winnerRecord = await mergeRecordOf(db, winner);
  const loserRecord = await mergeRecordOf(db, loser);
  const definitions = await activeFieldDefinitions(db, 'contact');
  const plan = resolveMerge(winnerRecord, loserRecord, picks, definitions.map((definition) => ({ key: definition.key, label: definition.label })));
  assertNoFieldErrors(plan.errors, 'Invalid merge');
  return { ...plan, winnerRecord, loserRecord };
}

async function blockers(db: Queryable, loserId: string, winnerId: string): Promise<string[]> {
  const found: string[] = [];
  for (const handler of contactMergeHandlers()) {
    const reason = await handler.blocker?.(db, loserId, winnerId);
    if (reason) found.push(reason);
  }
  return found;
}

/** A choice's values as a person reads them: names for the company and owner, lists joined. */
async function describeChoices(db: Queryable, choices: MergeChoice[]) {
  const companyIds = new Set<string>();
  const ownerIds = new Set<string>();
  for (const choice of choices) {
    for (const value of [choice.winner, choice.loser]) {
      if (choice.field === 'company' && value && (value as { companyId: string | null }).companyId) companyIds.add((value as { companyId: string }).companyId);
      if (choice.field === 'owner' && typeof value === 'string') ownerIds.add(value);
    }
  }
  const [companyRows, ownerRows] = await Promise.all([
    companyIds.size ? db.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, [...companyIds])) : [],
    ownerIds.size ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...ownerIds])) : [],
  ]);
  const names = new Map([...companyRows, ...ownerRows].map((row) => [row.id, row.name]));
  const text = (field: string, value: unknown): string | null => {
    if (value === null || value === undefined || value === '') return null;
    if (field === 'company') {
      const company = value as { companyId: string | null; companyName: string | null };
      return (company.companyId ? names.get(company.companyId) : null) ?? company.companyName;
    }
    if (field === 'owner') return names.get(value as string) ?? null;
    if (field === 'disabled') return value ? 'Disabled' : 'Enabled';
    if (Array.isArray(value)) return value.length ? value.join(', ') : null;
    if (field.startsWith('addresses.')) {
      const address = value as Record<string, string>;
      return [address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), address.region, address.country].filter(Boolean).join(', ') || null;
    }
    return String(value);
  };
  return { companyName: (id: string | null) => (id ? (names.get(id) ?? null) : null), choices: choices.map((choice) => ({ ...choice, winner: { value: choice.winner, text: text(choice.field, choice.winner) }, loser: { value: choice.loser, text: text(choice.field, choice.loser) } })) };
}

/** The merge as it would be: both contacts side by side, the choices, the result and what moves. */
export async function previewContactMerge(ctx: ServiceContext, input: MergeContactsInput) {
  assertCanCustomers(ctx.actor, 'customer.merge');
  const rows = await ctx.db.select().from(contacts).where(inArray(contacts.id, [input.winnerId, input.loserId]));
  const { winner, loser } = pairOf(rows, input.winnerId, input.loserId);
  assertMergeable(winner, loser);
  const plan = await planMerge(ctx.db, winner, loser, input.picks);
  const [winnerDetail, loserDetail, described, moves, reasons] = await Promise.all([
    getContact(ctx, winner.id),
    getContact(ctx, loser.id),
    describeChoices(ctx.db, plan.choices),
    Promise.all(contactMergeHandlers().map(async (handler) => ({ kind: handler.kind, label: handler.label, count: await handler.count(ctx.db, loser.id) }))),
    blockers(ctx.db, loser.id, winner.id),
  ]);
  const { result } = plan;
  return {
    winner: winnerDetail,
    loser: loserDetail,
    choices: described.choices,
    result: {
      displayName: recordDisplayName(result),
      companyName: described.companyName(result.companyId) ?? result.companyName,
      lifecycleState: result.lifecycleState,
      emails: result.emails,
      phones: result.phones,
      addresses: result.addresses,
      identifiers: result.identifiers,
      tags: result.tags,
      customFields: result.customFields,
    },
    moves: moves.filter((move) => move.count > 0),
    blockers: reasons,
    undoDays: contactMergeUndoDays,
  };
}

/**
 * Writes a contact's fields and lists as a merge or an undo decided them. The caller has freed
 * any email or identifier another contact held, so a clash here is a real conflict (409).
 */
async function writeRecord(tx: Queryable, contactId: string, record: MergeRecord, now: Date, columns: Partial<Pick<ContactRow, 'mergedIntoId' | 'mergedAt'>> = {}) {
  const email = record.emails.find((entry) => entry.isDefault)?.email ?? null;
  const phone = record.phones.find((entry) => entry.isDefault)?.number ?? null;
  const { emails, phones, addresses, identifiers, ...scalars } = record;
  await tx
    .update(contacts)
    .set({ ...scalars, email, phone, ...columns, updatedAt: now, version: sql`${contacts.version} + 1` })
    .where(eq(contacts.id, contactId));
  await replaceEmails(tx, contactId, emails, 'emails');
  await replacePhones(tx, { contactId }, phones, phoneCountry(addresses));
  await replaceAddresses(tx, { contactId }, addresses);
  await replaceIdentifiers(tx, contactId, identifiers);
}

/** Empties a contact's lists (the loser's, before the winner takes them over). */
async function clearContactPoints(tx: Queryable, contactId: string) {
  await tx.delete(contactEmails).where(eq(contactEmails.contactId, contactId));
  await tx.delete(customerPhones).where(eq(customerPhones.contactId, contactId));
  await tx.delete(customerAddresses).where(eq(customerAddresses.contactId, contactId));
  await tx.delete(contactIdentifiers).where(eq(contactIdentifiers.contactId, contactId));
}

function recordFields(record: MergeRecord) {
  return record as unknown as Record<string, unknown>;
}

function movedCounts(moved: Record<string, string[]>) {
  return Object.fromEntries(Object.entries(moved).map(([kind, ids]) => [kind, ids.length]));
}

function toContactMerge(row: ContactMergeRow, names: { winner: string; loser: string }, now: Date) {
  return {
    id: row.id,
    winner: { id: row.winnerId, displayName: names.winner },
    loser: { id: row.loserId, displayName: names.loser },
    mergedAt: row.mergedAt.toISOString(),
    mergedBy: row.mergedBy,
    undoUntil: row.undoUntil.toISOString(),
    undoneAt: row.undoneAt?.toISOString() ?? null,
    undoneBy: row.undoneBy,
    undoable: !row.undoneAt && now <= row.undoUntil,
    moved: movedCounts(row.moved),
  };
}

export async function mergeContacts(ctx: ServiceContext, input: MergeContactsInput) {
  assertCanCustomers(ctx.actor, 'customer.merge');
  const now = ctx.clock.now();
  const merge = await ctx.db.transaction(async (tx) => {
    const { winner, loser } = await lockedPair(tx, input.winnerId, input.loserId);
    assertMergeable(winner, loser);
    if (input.winnerVersion !== undefined && input.winnerVersion !== winner.version) throw staleVersionError('The winning contact');
    if (input.loserVersion !== undefined && input.loserVersion !== loser.version) throw staleVersionError('The merged contact');
    const plan = await planMerge(tx, winner, loser, input.picks);
    const refused = await blockers(tx, loser.id, winner.id);
    if (refused.length) throw AppError.conflict(refused.join('; '));

    await clearContactPoints(tx, loser.id);
    await tx
      .update(contacts)
      .set({ mergedIntoId: winner.id, mergedAt: now, email: null, phone: null, updatedAt: now, version: sql`${contacts.version} + 1` })
      .where(eq(contacts.id, loser.id));
    await writeRecord(tx, winner.id, plan.result, now);
    await recordSearchWords(tx, [winner.id]);
    const moved: Record<string, string[]> = {};
    for (const handler of contactMergeHandlers()) moved[handler.kind] = await handler.move(tx, loser.id, winner.id);

    const [row] = await tx
      .insert(contactMerges)
      .values({
        winnerId: winner.id,
        loserId: loser.id,
        picks: Object.fromEntries(plan.choices.map((choice) => [choice.field, choice.pick])),
        winnerBefore: recordFields(plan.winnerRecord),
        loserBefore: recordFields(plan.loserRecord),
        winnerAfter: recordFields(plan.result),
        moved,
        mergedAt: now,
        mergedBy: actorLabel(ctx.actor),
        undoUntil: new Date(now.getTime() + contactMergeUndoDays * dayMs),
      })
      .returning();
    const names = { winner: recordDisplayName(plan.result), loser: recordDisplayName(plan.loserRecord) };
    await recordEvent(tx, ctx, {
      recordType: 'contact',
      recordId: winner.id,
      action: 'contact.merged',
      changes: { mergeId: row!.id, loser: { id: loser.id, displayName: names.loser }, fields: diffFields(recordFields(plan.winnerRecord), recordFields(plan.result)), moved: movedCounts(moved) },
    });
    await recordEvent(tx, ctx, { recordType: 'contact', recordId: loser.id, action: 'contact.merged_into', changes: { mergeId: row!.id, winner: { id: winner.id, displayName: names.winner } } });
    return toContactMerge(row!, names, now);
  });
  return { merge, contact: await getContact(ctx, input.winnerId) };
}

/**
 * Undoes a merge within its period: the loser comes back with its own fields and lists, what moved
 * goes back (where it is still on the winner), and the winner's fields return to what they were,
 * except those edited since the merge.
 */
export async function undoMerge(ctx: ServiceContext, mergeId: string) {
  assertCanCustomers(ctx.actor, 'customer.merge');
  const now = ctx.clock.now();
  const merge = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(contactMerges).where(eq(contactMerges.id, mergeId)).for('update');
    if (!row) throw AppError.notFound('Merge');
    if (row.undoneAt) throw AppError.conflict(`This merge was already undone on ${row.undoneAt.toISOString()}`);
    if (now > row.undoUntil) throw AppError.conflict(`A merge can be undone for ${contactMergeUndoDays} days; this one could be until ${row.undoUntil.toISOString()}`);
    const { winner, loser } = await lockedPair(tx, row.winnerId, row.loserId);
    if (winner.mergedIntoId) throw AppError.conflict(`${contactDisplayName(winner)} was merged into another contact since; undo that merge first`);
    if (loser.mergedIntoId !== winner.id) throw AppError.conflict(`${contactDisplayName(loser)} is no longer merged into ${contactDisplayName(winner)}`);

    const current = await mergeRecordOf(tx, winner);
    const loserBefore = row.loserBefore as unknown as MergeRecord;
    const restored = undoMergedRecord(row.winnerBefore as unknown as MergeRecord, row.winnerAfter as unknown as MergeRecord, current, loserBefore);
    for (const handler of [...contactMergeHandlers()].reverse()) await handler.restore(tx, row.moved[handler.kind] ?? [], loser.id, winner.id);
    // The winner gives up the loser's emails and identifiers before the loser takes them back.
    await writeRecord(tx, winner.id, restored, now);
    await writeRecord(tx, loser.id, loserBefore, now, { mergedIntoId: null, mergedAt: null });
    await recordSearchWords(tx, [winner.id, loser.id]);
    const [undone] = await tx.update(contactMerges).set({ undoneAt: now, undoneBy: actorLabel(ctx.actor) }).where(eq(contactMerges.id, row.id)).returning();
    const names = { winner: recordDisplayName(restored), loser: recordDisplayName(loserBefore) };
    await recordEvent(tx, ctx, {
      recordType: 'contact',
      recordId: winner.id,
      action: 'contact.merge_undone',
      changes: { mergeId: row.id, loser: { id: loser.id, displayName: names.loser }, fields: diffFields(recordFields(current), recordFields(restored)), movedBack: movedCounts(row.moved) },
    });
    await recordEvent(tx, ctx, { recordType: 'contact', recordId: loser.id, action: 'contact.merge_undone', changes: { mergeId: row.id, winner: { id: winner.id, displayName: names.winner } } });
    return toContactMerge(undone!, names, now);
  });
  const [winner, loser] = await Promise.all([getContact(ctx, merge.winner.id), getContact(ctx, merge.loser.id)]);
  return { merge, winner, loser };
}

/** The merges into a contact, newest first (with whether each can still be undone). */
export async function listContactMerges(ctx: ServiceContext, contactId: string) {
  assertCanCustomers(ctx.actor, 'customer.read');
  const [winner] = await ctx.db.select().from(contacts).where(eq(contacts.id, contactId));
  if (!winner) throw AppError.notFound('Contact');
  const rows = await ctx.db
    .select({ merge: contactMerges })
    .from(contactMerges)
    .where(eq(contactMerges.winnerId, contactId))
    .orderBy(desc(contactMerges.mergedAt))
    .limit(50);
  const now = ctx.clock.now();
  // A tombstone has no emails left: its name comes from the record kept for the undo.
  return { items: rows.map(({ merge }) => toContactMerge(merge, { winner: contactDisplayName(winner), loser: recordDisplayName(merge.loserBefore as unknown as MergeRecord) }, now)) };
}
