import type { BodyOf } from '../../../api/client';
import type { TicketState, TicketStatus, TicketType } from './configData';

export type DurationUnit = NonNullable<TicketType['completeWithin']>['unit'];
export const durationUnits: readonly DurationUnit[] = ['minutes', 'hours', 'days', 'weeks'];

export interface TransitionDraft {
  /** Only for React's list keys; not sent. */
  key: string;
  fromStatusId: string | null;
  toStatusId: string | null;
  userIds: string[];
  unitIds: string[];
}

/** Everything the type editor edits, in the shape the inputs want. */
export interface TypeForm {
  name: string;
  code: string;
  isDefault: boolean;
  description: string;
  hasTarget: boolean;
  targetAmount: number;
  targetUnit: DurationUnit;
  recalculateOnRespond: boolean;
  statuses: { statusId: string; isDefault: boolean }[];
  transitions: TransitionDraft[];
  categories: { categoryId: string; isDefault: boolean }[];
  cancellationReasons: { reasonId: string; isDefault: boolean }[];
  creatorUnitIds: string[];
}

let keys = 0;
export const newTransitionKey = () => `rule-${(keys += 1)}`;

export function typeFormOf(type: TicketType): TypeForm {
  return {
    name: type.name,
    code: type.code,
    isDefault: type.isDefault,
    description: type.description,
    hasTarget: type.completeWithin !== null,
    targetAmount: type.completeWithin?.amount ?? 3,
    targetUnit: type.completeWithin?.unit ?? 'days',
    recalculateOnRespond: type.recalculateOnRespond,
    statuses: type.statuses.map((s) => ({ ...s })),
    transitions: type.transitions.map((t) => ({ ...t, key: newTransitionKey(), userIds: [...t.userIds], unitIds: [...t.unitIds] })),
    categories: type.categories.map((c) => ({ ...c })),
    cancellationReasons: type.cancellationReasons.map((r) => ({ ...r })),
    creatorUnitIds: [...type.creatorUnitIds],
  };
}

/** Transition rows still missing a from or a to status; the editor asks for them before saving. */
export function unfinishedTransitions(form: TypeForm): string[] {
  return form.transitions.filter((t) => !t.fromStatusId || !t.toStatusId).map((t) => t.key);
}

/** The PATCH body (the editor saves only when no transition row is unfinished). */
export function typeBodyOf(form: TypeForm, version: number): BodyOf<'updateTicketType'> {
  return {
    version,
    name: form.name,
    code: form.code,
    isDefault: form.isDefault,
    description: form.description,
    completeWithin: form.hasTarget ? { amount: form.targetAmount, unit: form.targetUnit } : null,
    recalculateOnRespond: form.recalculateOnRespond,
    statuses: form.statuses,
    transitions: form.transitions.map((t) => ({ fromStatusId: t.fromStatusId ?? '', toStatusId: t.toStatusId ?? '', userIds: t.userIds, unitIds: t.unitIds })),
    categories: form.categories,
    cancellationReasons: form.cancellationReasons,
    creatorUnitIds: form.creatorUnitIds,
  };
}

/**
 * Allows or disallows a status, keeping one default per state: the first status allowed in a state
 * becomes its default, and disallowing the default hands it to the next allowed one.
 */
export function toggleStatus(current: TypeForm['statuses'], status: TicketStatus, allowed: boolean, all: TicketStatus[]): TypeForm['statuses'] {
  const stateOf = (id: string) => all.find((s) => s.id === id)?.state;
  if (allowed) {
    const hasDefault = current.some((s) => s.isDefault && stateOf(s.statusId) === status.state);
    return [...current, { statusId: status.id, isDefault: !hasDefault }];
  }
  const removed = current.find((s) => s.statusId === status.id);
  const rest = current.filter((s) => s.statusId !== status.id);
  if (!removed?.isDefault) return rest;
  const heir = rest.find((s) => stateOf(s.statusId) === status.state);
  return rest.map((s) => (s === heir ? { ...s, isDefault: true } : s));
}

export function makeDefaultStatus(current: TypeForm['statuses'], statusId: string, state: TicketState, all: TicketStatus[]): TypeForm['statuses'] {
  const stateOf = (id: string) => all.find((s) => s.id === id)?.state;
  return current.map((s) => (stateOf(s.statusId) === state ? { ...s, isDefault: s.statusId === statusId } : s));
}

/** Whether two forms hold the same settings (transition row keys aside). */
export function sameTypeForm(a: TypeForm, b: TypeForm): boolean {
  const comparable = (form: TypeForm) => JSON.stringify({ ...form, transitions: form.transitions.map(({ key: _key, ...rule }) => rule) });
  return comparable(a) === comparable(b);
}
