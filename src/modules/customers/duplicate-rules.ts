import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * Pure rules of the duplicate scan: the normalised form two emails are compared in, and how the
 * reasons a pair was found add up to a score.
 */

/**
 * An email as the duplicate scan compares it: lower case, without a `+tag` and without dots in
 * the part before the @, googlemail.com read as gmail.com. Addresses are unique as typed (case
 * aside), so what the scan finds are these near-misses: `Jane.Doe+shop@x.com` and `janedoe@x.com`.
 */
export function emailKey(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.indexOf('@');
  if (at < 0) return lower;
  const local = lower.slice(0, at).split('+')[0]!.replace(/\./g, '');
  const domain = lower.slice(at + 1).split('@')[0]!;
  return `${local}@${domain === 'googlemail.com' ? 'gmail.com' : domain}`;
}

/**
 * emailKey in SQL, built only from immutable functions so it can be indexed (both the
 * contact_emails and the contacts.email index use it, and the scan's lookups match them).
 */
export function emailKeySql(column: PgColumn | SQL): SQL {
  const lower = sql`lower(${column})`;
  const domain = sql`split_part(${lower}, '@', 2)`;
  return sql`(replace(split_part(split_part(${lower}, '@', 1), '+', 1), '.', '') || '@' || CASE ${domain} WHEN 'googlemail.com' THEN 'gmail.com' ELSE ${domain} END)`;
}

export const duplicateReasonKinds = ['email', 'phone', 'name_company'] as const;
export type DuplicateReasonKind = (typeof duplicateReasonKinds)[number];

export interface DuplicateReason {
  kind: DuplicateReasonKind;
  /** The matched values, one per contact (equal for an exact match). */
  values: [string, string];
  /** Name similarity (0-1, pg_trgm) for name_company. */
  similarity?: number;
}

export const reasonLabels: Record<DuplicateReasonKind, string> = {
  email: 'same email',
  phone: 'same phone',
  name_company: 'similar name + same company',
};

/** How strongly each reason alone says "same person" (0-1). */
export function reasonWeight(reason: DuplicateReason): number {
  switch (reason.kind) {
    case 'email':
      return 0.9;
    case 'phone':
      return 0.7;
    case 'name_company':
      // 0.5 similarity (the scan's threshold) weighs 0.6; identical names at one company 0.85.
      return 0.35 + 0.5 * Math.min(1, Math.max(0, reason.similarity ?? 0.5));
  }
}

/**
 * A pair's score, 0-100: independent pieces of evidence combine as 1 - Π(1 - weight), so a second
 * reason raises the score without ever reaching certainty. Each kind counts once (its strongest).
 */
export function duplicateScore(reasons: DuplicateReason[]): number {
  const strongest = new Map<DuplicateReasonKind, number>();
  for (const reason of reasons) strongest.set(reason.kind, Math.max(strongest.get(reason.kind) ?? 0, reasonWeight(reason)));
  let unlikely = 1;
  for (const weight of strongest.values()) unlikely *= 1 - weight;
  return Math.min(99, Math.round((1 - unlikely) * 100));
}

/** One reason per kind (the strongest), strongest first, for the answer. */
export function strongestReasons(reasons: DuplicateReason[]): DuplicateReason[] {
  const byKind = new Map<DuplicateReasonKind, DuplicateReason>();
  for (const reason of reasons) {
    const kept = byKind.get(reason.kind);
    if (!kept || reasonWeight(reason) > reasonWeight(kept)) byKind.set(reason.kind, reason);
  }
  return [...byKind.values()].sort((a, b) => reasonWeight(b) - reasonWeight(a));
}
