import { inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { decodeTypedCursor, encodeCursor } from '../../platform/http/pagination.js';
import { actorLabel } from '../../platform/actor.js';
import { recordEvent } from '../../platform/events/record-event.js';
import type { FindDuplicateContactsQuery } from './contact-merge.contract.js';
import { contactDisplayName } from './contacts.service.js';
import { assertCanCustomers } from './customers.policy.js';
import { companies, contactDuplicateDismissals, contacts } from './customers.tables.js';
import { duplicateScore, emailKeySql, reasonLabels, strongestReasons, type DuplicateReason, type DuplicateReasonKind } from './duplicate-rules.js';
import { timestampText } from './list-query.js';

/**
 * The duplicate scan. Every signal is an index lookup per contact (normalised email, E.164 or
 * digits of a phone, a similar name at the same company), so a page costs a bounded number of
 * lookups however many contacts there are; nothing compares all pairs.
 *
 * The whole-database scan walks contacts newest first, a batch per request, and reports each
 * pair once, on the newer contact (the older is the one it duplicates). A page ends when it has
 * `limit` pairs or the batch is used up; the cursor says where the walk stands.
 */

/** Contacts looked at per request of the whole-database scan. */
export const duplicateScanBatch = 1000;
/** pg_trgm similarity two names at one company need to count as "similar". */
export const nameSimilarityThreshold = 0.5;
/** A cursor whose other id is this points past all of a contact's pairs: the walk goes on after it. */
const lastUuid = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

interface Hit {
  a: string;
  b: string;
  kind: DuplicateReasonKind;
  a_value: string;
  b_value: string;
  similarity: number | string | null;
}

const idList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `);

/** The most hits one signal may give for one contact (a guard, far above any real duplicate count). */
const hitsPerSignal = 200;
/**
 * Above this many contacts a company's names are compared in blocks (same first two letters of the
 * first or of the last name), so a contact of a 5000-person company is not compared with all 5000.
 * A company typed as free text by more contacts than this is not a name signal at all: such a text
 * ("n/a", "self-employed") rarely names one organisation.
 */
export const bigCompany = 100;

/** How many contacts (up to bigCompany + 1) a condition selects: a cheap "is it big" through an index. */
const sizeUpTo = (condition: SQL) => sql`(SELECT count(*) FROM (SELECT 1 FROM contacts x WHERE ${condition} LIMIT ${bigCompany + 1}) AS members)`;

/**
 * Every likely duplicate of the given contacts, one row per signal, that is live, not dismissed
 * and (with olderOnly) older than the contact. Each contact's signals run as a LATERAL subquery of
 * index lookups: contact_emails and contacts by emailKeySql, customer_phones by e164 or digits,
 * contacts by company_id (by name-prefix blocks in a big company) or lower(trim(company_name)), the
 * other contact by its id. Written this way the planner cannot turn a batch into hash joins over
 * whole tables, which is what it chose at 100k contacts for the equivalent flat joins.
 */
function hitsQuery(ids: string[], options: { olderOnly: boolean; after?: { a: string; b: string } }): SQL {
  const key = (column: SQL) => emailKeySql(column);
  const similar = sql`similarity(w.search_name, c.search_name)`;
  const named = sql`w.named AND c.id <> w.id AND ${similar} >= ${nameSimilarityThreshold}`;
  const nameHit = sql`SELECT c.id AS b, 'name_company' AS kind, trim(w.first_name || ' ' || w.last_name) AS a_value, trim(c.first_name || ' ' || c.last_name) AS b_value, ${similar}::real AS similarity`;
  const prefix = (column: string, table: string) => sql.raw(`lower(left(${table}.${column}, 2))`);
  const freeText = (table: string) => sql.raw(`${table}.company_id IS NULL AND ${table}.company_name IS NOT NULL AND lower(trim(${table}.company_name))`);
  const keep = [sql`b.merged_into_id IS NULL`];
  if (options.olderOnly) keep.push(sql`(b.created_at, b.id) < (w.created_at, w.id)`);
  if (options.after) keep.push(sql`NOT (w.id = ${options.after.a}::uuid AND b.id <= ${options.after.b}::uuid)`);
  keep.push(sql`NOT EXISTS (SELECT 1 FROM ${contactDuplicateDismissals} d WHERE d.contact_id = least(w.id, b.id) AND d.other_contact_id = greatest(w.id, b.id))`);
  return sql`
    WITH walked_contacts AS MATERIALIZED (
      SELECT c.id, c.created_at, c.email, c.company_id, c.search_name, c.first_name, c.last_name, trim(c.search_name) <> '' AS named,
             lower(trim(coalesce((SELECT co.name FROM companies co WHERE co.id = c.company_id), c.company_name, ''))) AS company_key
      FROM contacts c
      WHERE c.id IN (${idList(ids)})
    ),
    -- Sized once per company (and free-text name) in the batch, not once per contact.
    company_sizes AS MATERIALIZED (
      SELECT g.company_id, ${sizeUpTo(sql`x.company_id = g.company_id`)} AS size
      FROM (SELECT DISTINCT company_id FROM walked_contacts WHERE company_id IS NOT NULL) AS g
    ),
    text_group_sizes AS MATERIALIZED (
      SELECT g.company_key, ${sizeUpTo(sql`${freeText('x')} = g.company_key`)} AS size
      FROM (SELECT DISTINCT company_key FROM walked_contacts WHERE company_key <> '') AS g
    ),
    walked AS MATERIALIZED (
      SELECT wc.*, coalesce(cs.size, 0) AS company_size, coalesce(ts.size, 0) AS text_group_size
      FROM walked_contacts wc
      LEFT JOIN company_sizes cs ON cs.company_id = wc.company_id
      LEFT JOIN text_group_sizes ts ON ts.company_key = wc.company_key
    )
    SELECT w.id AS a, h.b, h.kind, h.a_value, h.b_value, h.similarity
    FROM walked w
    CROSS JOIN LATERAL (
      SELECT m.* FROM (
        SELECT o.contact_id AS b, 'email' AS kind, own.email AS a_value, o.email AS b_value, NULL::real AS similarity
        FROM (SELECT e.email FROM contact_emails e WHERE e.contact_id = w.id UNION SELECT w.email WHERE w.email IS NOT NULL) AS own
        CROSS JOIN LATERAL (
          (SELECT e.contact_id, e.email FROM contact_emails e WHERE ${key(sql`e.email`)} = ${key(sql`own.email`)} AND e.contact_id <> w.id LIMIT ${hitsPerSignal})
          UNION
          (SELECT c.id, c.email FROM contacts c WHERE ${key(sql`c.email`)} = ${key(sql`own.email`)} AND c.id <> w.id LIMIT ${hitsPerSignal})
        ) AS o
        WHERE ${key(sql`own.email`)} NOT LIKE '@%'
        UNION ALL
        (SELECT q.contact_id, 'phone', p.number, q.number, NULL
         FROM customer_phones p JOIN customer_phones q ON q.e164 = p.e164
         WHERE p.contact_id = w.id AND p.e164 IS NOT NULL AND q.contact_id <> w.id LIMIT ${hitsPerSignal})
        UNION ALL
        (SELECT q.contact_id, 'phone', p.number, q.number, NULL
         FROM customer_phones p JOIN customer_phones q ON q.digits = p.digits
         WHERE p.contact_id = w.id AND length(p.digits) >= 7 AND q.contact_id <> w.id AND (p.e164 IS NULL OR q.e164 IS NULL) LIMIT ${hitsPerSignal})
        UNION ALL
        (${nameHit} FROM contacts c WHERE w.company_size BETWEEN 1 AND ${bigCompany} AND c.company_id = w.company_id AND ${named} LIMIT ${hitsPerSignal})
        UNION ALL
        (${nameHit} FROM contacts c
         WHERE w.company_size > ${bigCompany} AND c.company_id = w.company_id AND ${prefix('last_name', 'c')} = ${prefix('last_name', 'w')} AND ${named} LIMIT ${hitsPerSignal})
        UNION ALL
        (${nameHit} FROM contacts c
         WHERE w.company_size > ${bigCompany} AND c.company_id = w.company_id AND ${prefix('first_name', 'c')} = ${prefix('first_name', 'w')} AND ${named} LIMIT ${hitsPerSignal})
        UNION ALL
        (${nameHit} FROM contacts c
         WHERE w.text_group_size BETWEEN 1 AND ${bigCompany} AND ${freeText('c')} = w.company_key AND ${named} LIMIT ${hitsPerSignal})
        UNION ALL
        (${nameHit} FROM companies co JOIN contacts c ON c.company_id = co.id
         WHERE w.company_id IS NULL AND w.company_key <> '' AND lower(co.name) = w.company_key AND ${sizeUpTo(sql`x.company_id = co.id`)} <= ${bigCompany} AND ${named}
         LIMIT ${hitsPerSignal})
      ) AS m
      JOIN contacts b ON b.id = m.b
      WHERE ${sql.join(keep, sql` AND `)}
      OFFSET 0
    ) AS h`;
}

/** The hits that are pairs to show. */
async function findHits(db: Queryable, ids: string[], options: { olderOnly: boolean; after?: { a: string; b: string } }): Promise<Hit[]> {
  if (!ids.length) return [];
  return db.transaction(async (tx) => {
    // The plan's cost estimate (a thousand nested lookups) turns JIT on, whose compiling takes
    // about a second; the lookups themselves take a fraction of that.
    await tx.execute(sql`SELECT set_config('jit', 'off', true)`);
    return queryRows<Hit>(tx, hitsQuery(ids, options));
  });
}

interface Pair {
  a: string;
  b: string;
  reasons: DuplicateReason[];
}

/** Hits grouped into pairs (contact, other), keeping the hits' first-seen order of contacts. */
function pairsOf(hits: Hit[]): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const hit of hits) {
    const key = `${hit.a}|${hit.b}`;
    const pair = pairs.get(key) ?? { a: hit.a, b: hit.b, reasons: [] };
    pair.reasons.push({ kind: hit.kind, values: [hit.a_value, hit.b_value], ...(hit.similarity === null ? {} : { similarity: Number(hit.similarity) }) });
    pairs.set(key, pair);
  }
  return [...pairs.values()];
}

async function describePairs(db: Queryable, pairs: Pair[]) {
  const ids = [...new Set(pairs.flatMap((pair) => [pair.a, pair.b]))];
  const rows = ids.length
    ? await db
        .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, phone: contacts.phone, companyName: contacts.companyName, linkedCompany: companies.name, createdAt: contacts.createdAt })
        .from(contacts)
        .leftJoin(companies, sql`${companies.id} = ${contacts.companyId}`)
        .where(inArray(contacts.id, ids))
    : [];
  const byId = new Map(rows.map((row) => [row.id, { id: row.id, displayName: contactDisplayName(row), email: row.email, phone: row.phone, companyName: row.linkedCompany ?? row.companyName, createdAt: row.createdAt.toISOString() }]));
  return pairs.flatMap((pair) => {
    const [contact, other] = [byId.get(pair.a), byId.get(pair.b)];
    if (!contact || !other) return [];
    const reasons = strongestReasons(pair.reasons).map((reason) => ({ kind: reason.kind, label: reasonLabels[reason.kind], values: reason.values, similarity: reason.similarity === undefined ? null : Math.round(reason.similarity * 100) / 100 }));
    return [{ contact, other, score: duplicateScore(pair.reasons), reasons }];
  });
}

/**
 * Likely duplicate contacts: for one contact (best first), or over every contact (newest first,
 * a batch of contacts per page, see above).
 */
export async function findDuplicateContacts(ctx: ServiceContext, query: FindDuplicateContactsQuery, options: { batch?: number } = {}) {
  const batch = options.batch ?? duplicateScanBatch;
  assertCanCustomers(ctx.actor, 'customer.read');
  if (query.contactId) return duplicatesOfOne(ctx, query.contactId, query);

  const after = decodeTypedCursor(query.cursor, timestampText, z.string().regex(/^[0-9a-f-]{36}\|[0-9a-f-]{36}$/));
  const [cursorA, cursorB] = after ? after.id.split('|') : [];
  const walked = await queryRows<{ id: string; created: string }>(
    ctx.db,
    sql`SELECT id, created_at::text AS created FROM contacts
        WHERE merged_into_id IS NULL ${after ? sql`AND (created_at, id) ${cursorB === lastUuid ? sql`<` : sql`<=`} (${after.sort}::timestamptz, ${cursorA}::uuid)` : sql``}
        ORDER BY created_at DESC, id DESC LIMIT ${batch}`,
  );
  const order = new Map(walked.map((row, index) => [row.id, index]));
  const hits = await findHits(ctx.db, walked.map((row) => row.id), { olderOnly: true, after: after ? { a: cursorA!, b: cursorB! } : undefined });
  const pairs = pairsOf(hits).sort((x, y) => order.get(x.a)! - order.get(y.a)! || (x.b < y.b ? -1 : x.b > y.b ? 1 : 0));

  // A full page ends inside the walk; otherwise, after a whole batch, the walk goes on from its last contact.
  let page = pairs;
  let resume: { created: string; a: string; b: string } | null = null;
  if (pairs.length > query.limit) {
    page = pairs.slice(0, query.limit);
    const last = page[page.length - 1]!;
    resume = { created: walked[order.get(last.a)!]!.created, a: last.a, b: last.b };
  } else if (walked.length === batch) {
    const last = walked[walked.length - 1]!;
    resume = { created: last.created, a: last.id, b: lastUuid };
  }
  return {
    items: await describePairs(ctx.db, page),
    nextCursor: resume ? encodeCursor({ sort: resume.created, id: `${resume.a}|${resume.b}` }) : null,
    scannedThrough: resume ? postgresTimeToIso(resume.created) : null,
  };
}

/** `2026-01-05 09:00:00.123456+00` (timestamptz as text) as ISO 8601. */
function postgresTimeToIso(text: string): string {
  return new Date(text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')).toISOString();
}

async function duplicatesOfOne(ctx: ServiceContext, contactId: string, query: FindDuplicateContactsQuery) {
  const [contact] = await ctx.db.select({ id: contacts.id }).from(contacts).where(sql`${contacts.id} = ${contactId} AND ${contacts.mergedIntoId} IS NULL`);
  if (!contact) throw AppError.invalid('query.contactId', 'unknown contact');
  const after = decodeTypedCursor(query.cursor, z.number().int(), z.uuid());
  const described = await describePairs(ctx.db, pairsOf(await findHits(ctx.db, [contactId], { olderOnly: false })));
  const ranked = described
    .sort((x, y) => y.score - x.score || (x.other.id < y.other.id ? -1 : 1))
    .filter((pair) => !after || pair.score < after.sort || (pair.score === after.sort && pair.other.id > after.id));
  const items = ranked.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: ranked.length > query.limit && last ? encodeCursor({ sort: last.score, id: last.other.id }) : null, scannedThrough: null };
}

/** Marks two contacts as not the same person: the scan stops offering the pair. */
export async function dismissDuplicate(ctx: ServiceContext, contactIds: string[]) {
  assertCanCustomers(ctx.actor, 'customer.merge');
  const [low, high] = [...contactIds].sort() as [string, string];
  const found = await ctx.db.select({ id: contacts.id }).from(contacts).where(inArray(contacts.id, [low, high]));
  if (found.length !== 2) throw AppError.invalid('contactIds', 'unknown contact');
  await ctx.db.transaction(async (tx) => {
    await tx.insert(contactDuplicateDismissals).values({ contactId: low, otherContactId: high, dismissedBy: actorLabel(ctx.actor), dismissedAt: ctx.clock.now() }).onConflictDoNothing();
    for (const [id, other] of [
      [low, high],
      [high, low],
    ] as const) {
      await recordEvent(tx, ctx, { recordType: 'contact', recordId: id, action: 'contact.duplicate_dismissed', changes: { otherContactId: other } });
    }
  });
}
