import type { FieldError } from '../../platform/errors.js';
import { phoneDigits } from './phone-numbers.js';
import type { IdentifierEntry } from './customers.contract.js';
import { addressKinds, identifierKinds, type LifecycleState } from './customers.tables.js';
import type { AddressEntry, EmailEntry, PhoneEntry } from './shared.contract.js';

/**
 * Pure rules of a contact merge: which fields the user chooses between, what the winner ends up
 * with for a set of picks (list fields are unioned), and what an undo gives back while keeping
 * whatever was changed on the winner after the merge.
 */

export type Side = 'winner' | 'loser';

/** What a merge reads and writes of each of the two contacts. */
export interface MergeRecord {
  firstName: string;
  lastName: string;
  companyId: string | null;
  companyName: string | null;
  jobTitle: string | null;
  ownerId: string | null;
  salesRepCode: string | null;
  lifecycleState: LifecycleState;
  disabled: boolean;
  tags: string[];
  customFields: Record<string, unknown>;
  emails: EmailEntry[];
  phones: PhoneEntry[];
  addresses: AddressEntry[];
  identifiers: IdentifierEntry[];
}

export interface MergeChoice {
  /** The pick key: `firstName`, `company`, `identifiers.passport`, `customFields.tier`, `emails.default`, `addresses.billing.default`. */
  field: string;
  label: string;
  winner: unknown;
  loser: unknown;
  pick: Side;
  /** Whether the two values differ, so the pick matters. */
  differs: boolean;
}

export interface CustomFieldLabel {
  key: string;
  label: string;
}

const scalarFields = [
  ['firstName', 'First name'],
  ['lastName', 'Last name'],
  ['company', 'Company'],
  ['jobTitle', 'Job title'],
  ['owner', 'Owner'],
  ['salesRepCode', 'Sales rep code'],
  ['lifecycleState', 'Life cycle'],
  ['disabled', 'Enabled/disabled'],
] as const;

const identifierLabels: Record<string, string> = { id_number: 'ID number', passport: 'Passport', social_security: 'Social security', vat_number: 'VAT number' };

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function scalarValue(record: MergeRecord, field: (typeof scalarFields)[number][0]): unknown {
  switch (field) {
    case 'company':
      return record.companyId || record.companyName ? { companyId: record.companyId, companyName: record.companyName } : null;
    case 'owner':
      return record.ownerId;
    default:
      return record[field];
  }
}

function identifierValues(record: MergeRecord, kind: string): string[] {
  return record.identifiers.filter((entry) => entry.kind === kind).map((entry) => entry.value);
}

function defaultOf<Entry extends { isDefault: boolean }>(entries: Entry[]): Entry | null {
  return entries.find((entry) => entry.isDefault) ?? entries[0] ?? null;
}

/** Every field the user may pick a side for, with the default pick. */
export function mergeChoices(winner: MergeRecord, loser: MergeRecord, customFields: CustomFieldLabel[]): MergeChoice[] {
  const choices: MergeChoice[] = [];
  const add = (field: string, label: string, winnerValue: unknown, loserValue: unknown, pick?: Side) => {
    const fallback: Side = isEmpty(winnerValue) && !isEmpty(loserValue) ? 'loser' : 'winner';
    choices.push({ field, label, winner: winnerValue ?? null, loser: loserValue ?? null, pick: pick ?? fallback, differs: !same(winnerValue, loserValue) });
  };
  for (const [field, label] of scalarFields) {
    // A contact with an account is financial; the accounts move, so by default the winner is too.
    const pick = field === 'lifecycleState' ? (loser.lifecycleState === 'financial' ? 'loser' : 'winner') : field === 'disabled' ? 'winner' : undefined;
    add(field, label, scalarValue(winner, field), scalarValue(loser, field), pick);
  }
  for (const kind of identifierKinds) {
    const [w, l] = [identifierValues(winner, kind), identifierValues(loser, kind)];
    if (w.length || l.length) add(`identifiers.${kind}`, identifierLabels[kind] ?? kind, w, l);
  }
  for (const { key, label } of customFields) {
    if (!isEmpty(winner.customFields[key]) || !isEmpty(loser.customFields[key])) add(`customFields.${key}`, label, winner.customFields[key], loser.customFields[key]);
  }
  if (winner.emails.length && loser.emails.length) add('emails.default', 'Default email', defaultOf(winner.emails)?.email, defaultOf(loser.emails)?.email, 'winner');
  if (winner.phones.length && loser.phones.length) add('phones.default', 'Default phone', defaultOf(winner.phones)?.number, defaultOf(loser.phones)?.number, 'winner');
  for (const kind of addressKinds) {
    const [w, l] = [defaultOf(winner.addresses.filter((a) => a.kind === kind)), defaultOf(loser.addresses.filter((a) => a.kind === kind))];
    if (w && l) add(`addresses.${kind}.default`, `Default ${kind} address`, w, l, 'winner');
  }
  return choices;
}

const emailKeyOf = (entry: EmailEntry) => entry.email.toLowerCase();
const phoneKeyOf = (entry: PhoneEntry) => phoneDigits(entry.number) || entry.number;
const addressKeyOf = (entry: AddressEntry) => JSON.stringify([entry.kind, entry.line1, entry.line2, entry.city, entry.region, entry.postalCode, entry.country].map((part) => part.trim().toLowerCase()));

/** The winner's entries, then the loser's that the winner lacks; the default of each group from the picked side. */
function unionEntries<Entry extends { isDefault: boolean }>(winner: Entry[], loser: Entry[], keyOf: (entry: Entry) => string, defaultSide: (group: string) => Side, groupOf: (entry: Entry) => string = () => ''): Entry[] {
  const keys = new Set(winner.map(keyOf));
  const merged = [...winner, ...loser.filter((entry) => !keys.has(keyOf(entry)))];
  const groups = new Set(merged.map(groupOf));
  const defaults = new Set<string>();
  for (const group of groups) {
    const fromWinner = defaultOf(winner.filter((entry) => groupOf(entry) === group));
    const fromLoser = defaultOf(loser.filter((entry) => groupOf(entry) === group));
    const chosen = defaultSide(group) === 'loser' ? (fromLoser ?? fromWinner) : (fromWinner ?? fromLoser);
    if (chosen) defaults.add(keyOf(chosen));
  }
  return merged.map((entry) => ({ ...entry, isDefault: defaults.has(keyOf(entry)) }));
}

/**
 * The winner after the merge for these picks. A pick for a field the two contacts do not have is
 * an error naming `picks.<field>`.
 */
export function resolveMerge(winner: MergeRecord, loser: MergeRecord, picks: Record<string, Side>, customFields: CustomFieldLabel[]): { choices: MergeChoice[]; result: MergeRecord; errors: FieldError[] } {
  const choices = mergeChoices(winner, loser, customFields);
  const byField = new Map(choices.map((choice) => [choice.field, choice]));
  const errors: FieldError[] = Object.keys(picks)
    .filter((field) => !byField.has(field))
    .map((field) => ({ field: `picks.${field}`, message: 'is not a field these two contacts can merge' }));
  for (const choice of choices) choice.pick = picks[choice.field] ?? choice.pick;
  const side = (field: string): Side => byField.get(field)?.pick ?? 'winner';
  const from = (field: string) => (side(field) === 'loser' ? loser : winner);

  const customFieldValues: Record<string, unknown> = { ...loser.customFields, ...winner.customFields };
  for (const key of Object.keys(customFieldValues)) if (isEmpty(customFieldValues[key])) delete customFieldValues[key];
  for (const { key } of customFields) {
    if (!byField.has(`customFields.${key}`)) continue;
    const value = from(`customFields.${key}`).customFields[key];
    if (isEmpty(value)) delete customFieldValues[key];
    else customFieldValues[key] = value;
  }
  const identifiers = identifierKinds.flatMap((kind) => from(`identifiers.${kind}`).identifiers.filter((entry) => entry.kind === kind));
  const company = from('company');
  const result: MergeRecord = {
    firstName: from('firstName').firstName,
    lastName: from('lastName').lastName,
    companyId: company.companyId,
    companyName: company.companyName,
    jobTitle: from('jobTitle').jobTitle,
    ownerId: from('owner').ownerId,
    salesRepCode: from('salesRepCode').salesRepCode,
    lifecycleState: from('lifecycleState').lifecycleState,
    disabled: from('disabled').disabled,
    tags: [...new Set([...winner.tags, ...loser.tags])],
    customFields: customFieldValues,
    emails: unionEntries(winner.emails, loser.emails, emailKeyOf, () => side('emails.default')),
    phones: unionEntries(winner.phones, loser.phones, phoneKeyOf, () => side('phones.default')),
    addresses: unionEntries(winner.addresses, loser.addresses, addressKeyOf, (kind) => side(`addresses.${kind}.default`), (entry) => entry.kind),
    identifiers,
  };
  return { choices, result, errors };
}

/** A three-way undo of one value: back to before, unless it was changed after the merge. */
function undoValue<T>(before: T, mergedAs: T, current: T): T {
  return same(current, mergedAs) ? before : current;
}

/**
 * A list field after an undo: the current entries without those that came from the loser, with
 * each group's default back to the one before the merge unless it was changed since.
 */
function undoEntries<Entry extends { isDefault: boolean }>(
  lists: { before: Entry[]; mergedAs: Entry[]; current: Entry[]; loser: Entry[] },
  keyOf: (entry: Entry) => string,
  groupOf: (entry: Entry) => string = () => '',
): Entry[] {
  const beforeKeys = new Set(lists.before.map(keyOf));
  const fromLoser = new Set(lists.loser.map(keyOf).filter((key) => !beforeKeys.has(key)));
  const kept = lists.current.filter((entry) => !fromLoser.has(keyOf(entry)));
  const defaults = new Set<string>();
  for (const group of new Set(kept.map(groupOf))) {
    const inGroup = (entries: Entry[]) => entries.filter((entry) => groupOf(entry) === group);
    const currentDefault = defaultOf(inGroup(lists.current));
    const mergedDefault = defaultOf(inGroup(lists.mergedAs));
    const beforeDefault = defaultOf(inGroup(lists.before));
    const wanted = currentDefault && mergedDefault && keyOf(currentDefault) === keyOf(mergedDefault) ? beforeDefault : currentDefault;
    const keptKeys = inGroup(kept).map(keyOf);
    const key = wanted && keptKeys.includes(keyOf(wanted)) ? keyOf(wanted) : keptKeys[0];
    if (key) defaults.add(key);
  }
  return kept.map((entry) => ({ ...entry, isDefault: defaults.has(keyOf(entry)) }));
}

/**
 * The winner after an undo. Each field goes back to its value before the merge if it still has the
 * value the merge gave it; a field edited since keeps the edit. What came from the loser (emails,
 * phones, addresses, tags it brought) leaves the winner, since the loser gets it back.
 */
export function undoMergedRecord(before: MergeRecord, mergedAs: MergeRecord, current: MergeRecord, loser: MergeRecord): MergeRecord {
  const company = undoValue({ companyId: before.companyId, companyName: before.companyName }, { companyId: mergedAs.companyId, companyName: mergedAs.companyName }, { companyId: current.companyId, companyName: current.companyName });
  const customFields: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before.customFields), ...Object.keys(mergedAs.customFields), ...Object.keys(current.customFields)])) {
    const value = undoValue(before.customFields[key] ?? null, mergedAs.customFields[key] ?? null, current.customFields[key] ?? null);
    if (!isEmpty(value)) customFields[key] = value;
  }
  const identifiers = identifierKinds.flatMap((kind) => {
    const of = (record: MergeRecord) => record.identifiers.filter((entry) => entry.kind === kind);
    return undoValue(of(before), of(mergedAs), of(current));
  });
  const loserTags = new Set(loser.tags.filter((tag) => !before.tags.includes(tag)));
  return {
    firstName: undoValue(before.firstName, mergedAs.firstName, current.firstName),
    lastName: undoValue(before.lastName, mergedAs.lastName, current.lastName),
    ...company,
    jobTitle: undoValue(before.jobTitle, mergedAs.jobTitle, current.jobTitle),
    ownerId: undoValue(before.ownerId, mergedAs.ownerId, current.ownerId),
    salesRepCode: undoValue(before.salesRepCode, mergedAs.salesRepCode, current.salesRepCode),
    lifecycleState: undoValue(before.lifecycleState, mergedAs.lifecycleState, current.lifecycleState),
    disabled: undoValue(before.disabled, mergedAs.disabled, current.disabled),
    tags: current.tags.filter((tag) => !loserTags.has(tag)),
    customFields,
    emails: undoEntries({ before: before.emails, mergedAs: mergedAs.emails, current: current.emails, loser: loser.emails }, emailKeyOf),
    phones: undoEntries({ before: before.phones, mergedAs: mergedAs.phones, current: current.phones, loser: loser.phones }, phoneKeyOf),
    addresses: undoEntries({ before: before.addresses, mergedAs: mergedAs.addresses, current: current.addresses, loser: loser.addresses }, addressKeyOf, (entry) => entry.kind),
    identifiers,
  };
}
