import { count, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import { systemClock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/client.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { communicationRules, mailTemplates } from './communications.tables.js';
import { defaultRules, defaultTemplates } from './default-templates.js';
import { templateKeys } from './template-tags.js';

/**
 * Adds the templates that are missing (admins' edits are never overwritten) and, on the very
 * first start only, the default rules: rules an admin deleted stay deleted.
 */
export async function ensureCommunicationDefaults(db: Queryable): Promise<void> {
  const context = { actor: systemActor('communications-defaults'), clock: systemClock };
  await db.transaction(async (tx) => {
    // Nodes starting together against one PostgreSQL database take turns (a no-op on PGlite).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7243013)`);
    const [existing] = await tx.select({ n: count() }).from(mailTemplates);
    const firstStart = Number(existing?.n) === 0;
    const added = await tx
      .insert(mailTemplates)
      .values(templateKeys.map((key) => ({ key, ...defaultTemplates[key] })))
      .onConflictDoNothing()
      .returning({ key: mailTemplates.key });
    for (const { key } of added) await recordEvent(tx, context, { recordType: 'mail_template', recordId: key, action: 'mail_template.created', changes: { key } });
    if (!firstStart) return;
    const rules = await tx.insert(communicationRules).values(defaultRules).returning();
    for (const rule of rules) {
      await recordEvent(tx, context, { recordType: 'communication_rule', recordId: rule.id, action: 'communication_rule.created', changes: { name: rule.name, event: rule.event, templateKey: rule.templateKey, recipient: rule.recipient, enabled: rule.enabled } });
    }
  });
}
