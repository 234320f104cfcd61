import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { queryRows } from '../db/client.js';
import { AppError } from '../errors.js';

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/**
 * Counts one hit in a fixed window kept in the database, so every node sees the same count.
 * Throws 429 with Retry-After once the window's limit is passed.
 */
export async function takeRateLimit(db: Queryable, bucketKey: string, rule: RateLimitRule, now: Date, what = 'attempts'): Promise<void> {
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000).toISOString();
  const nowIso = now.toISOString();
  const [row] = await queryRows<{ hits: number; window_start: string | Date }>(
    db,
    sql`INSERT INTO rate_limit_buckets (bucket_key, window_start, hits) VALUES (${bucketKey}, ${nowIso}::timestamptz, 1)
        ON CONFLICT (bucket_key) DO UPDATE SET
          hits = CASE WHEN rate_limit_buckets.window_start <= ${windowStart}::timestamptz THEN 1 ELSE rate_limit_buckets.hits + 1 END,
          window_start = CASE WHEN rate_limit_buckets.window_start <= ${windowStart}::timestamptz THEN ${nowIso}::timestamptz ELSE rate_limit_buckets.window_start END
        RETURNING hits, window_start`,
  );
  if (row && Number(row.hits) > rule.limit) {
    const endsAt = new Date(row.window_start).getTime() + rule.windowSeconds * 1000;
    const retryAfterSeconds = Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));
    throw new AppError('rate_limited', `Too many ${what}. Try again in ${retryAfterSeconds} seconds.`, { retryAfterSeconds });
  }
}

export async function clearRateLimit(db: Queryable, bucketKey: string): Promise<void> {
  await db.execute(sql`DELETE FROM rate_limit_buckets WHERE bucket_key = ${bucketKey}`);
}
