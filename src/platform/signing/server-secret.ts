import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Queryable } from '../db/client.js';
import { randomSecret } from '../secrets.js';
import { serverSecrets } from './signing.tables.js';

const cache = new WeakMap<object, Map<string, string>>();

/**
 * The HMAC key for one purpose (`mail-links`, ...). With SIGNING_SECRET set, a key derived from
 * it; otherwise a random key created once in the database, so links keep working across restarts
 * and nodes. Cached per database handle: it never changes once made.
 */
export async function serverSecret(db: Queryable, config: Pick<Config, 'SIGNING_SECRET'>, purpose: string): Promise<string> {
  if (config.SIGNING_SECRET) return createHmac('sha256', config.SIGNING_SECRET).update(`patron:${purpose}`).digest('base64url');
  const known = cache.get(db)?.get(purpose);
  if (known) return known;
  await db.insert(serverSecrets).values({ name: purpose, value: randomSecret(32) }).onConflictDoNothing();
  const [row] = await db.select({ value: serverSecrets.value }).from(serverSecrets).where(eq(serverSecrets.name, purpose));
  const perDatabase = cache.get(db) ?? new Map<string, string>();
  perDatabase.set(purpose, row!.value);
  cache.set(db, perDatabase);
  return row!.value;
}
