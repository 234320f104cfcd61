import type { StaffActor } from '../actor.js';
import type { Queryable } from '../db/client.js';

/**
 * Answers whether a staff user may read an attachment through a record that carries it (care:
 * "may read the ticket whose message has it"). Modules register one each; the platform knows
 * no record kinds.
 */
export type AttachmentReadCheck = (db: Queryable, actor: StaffActor, attachmentId: string) => Promise<boolean>;

const checks: AttachmentReadCheck[] = [];

export function registerAttachmentReader(check: AttachmentReadCheck): void {
  if (!checks.includes(check)) checks.push(check);
}

/** The uploader may always read an upload; anyone else needs a record that carries it and lets them read it. */
export async function staffMayReadAttachment(db: Queryable, actor: StaffActor, attachment: { id: string; uploadedBy: string | null }): Promise<boolean> {
  if (attachment.uploadedBy === actor.id) return true;
  for (const check of checks) if (await check(db, actor, attachment.id)) return true;
  return false;
}
