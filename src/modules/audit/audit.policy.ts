import type { Actor } from '../../platform/actor.js';
import { hasRight } from '../access/index.js';

export const auditRights = { eventsRead: 'audit.events.read' } as const;

/** Which right lets someone read the history of a record type (besides the audit right). */
const historyRights = new Map<string, readonly string[]>();

export function registerHistoryRight(recordType: string, rightKeys: readonly string[]): void {
  historyRights.set(recordType, rightKeys);
}

export function canReadAuditLog(actor: Actor): boolean {
  return hasRight(actor, auditRights.eventsRead);
}

/** A record's history is visible to auditors and to whoever may read that kind of record. */
export function canReadHistory(actor: Actor, recordType: string): boolean {
  if (canReadAuditLog(actor)) return true;
  return (historyRights.get(recordType) ?? []).some((right) => hasRight(actor, right));
}
