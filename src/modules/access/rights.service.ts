import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { rights } from './access.tables.js';
import { builtInRightDefinitions } from './rights.js';

/** Writes the rights modules define in code into the `rights` table, so grants can reference them. */
export async function syncBuiltInRights(db: Queryable): Promise<void> {
  const definitions = builtInRightDefinitions();
  if (definitions.length === 0) return;
  await db
    .insert(rights)
    .values(definitions.map((d) => ({ key: d.key, module: d.module, label: d.label, description: d.description ?? '', builtIn: true })))
    .onConflictDoUpdate({
      target: rights.key,
      set: { module: sql`excluded.module`, label: sql`excluded.label`, description: sql`excluded.description`, builtIn: sql`true` },
    });
}
