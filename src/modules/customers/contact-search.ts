import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { editDistance, highlightMatch, type SearchMatch } from '../../platform/search/index.js';
import { customerSearchTerms, type CustomerSearchTerms } from './search-terms.js';

/**
 * Ranked contact search. Each signal (name, email, phone, zip code, account number, company)
 * finds candidates through its own index (trigram GIN or the full-text document); a contact's
 * rank is its best signal's score, and every signal it matched is kept to say why.
 *
 * Scores (x1000 for an integer rank): an exact email, E.164 phone or account number 2000; a name
 * by trigram similarity (0-1000) plus 500 when every word is a word prefix of the name, company
 * or title; prefixes and fragments in between. Name typos are corrected word by word against the
 * vocabulary of all contacts' words (customer_search_words), then found in the full-text document.
 */

const wordSimilarityThreshold = 0.45;
const neighboursPerWord = 8;

/** How far a vocabulary word may be from a typed word to count as its typo. */
function typoAllowance(word: string): number {
  return word.length <= 3 ? 0 : word.length <= 5 ? 1 : 2;
}

/**
 * The name query as a tsquery: each typed word as a prefix, or any vocabulary word a typo away
 * (its nearest trigram neighbours in customer_search_words, kept when the edit distance is small).
 */
async function expandedNameQuery(db: Queryable, terms: CustomerSearchTerms): Promise<string | null> {
  if (!terms.words.length) return null;
  const typed = sql.join(
    terms.words.map((word, index) => sql`(${word}::text, ${index}::int)`),
    sql`, `,
  );
  const neighbours = await queryRows<{ n: number; word: string }>(
    db,
    sql`SELECT q.n, v.word FROM (VALUES ${typed}) AS q(word, n)
        CROSS JOIN LATERAL (SELECT word FROM customer_search_words ORDER BY word <-> q.word LIMIT ${neighboursPerWord}) AS v`,
  );
  return terms.words
    .map((word, index) => {
      const typos = neighbours.filter((row) => Number(row.n) === index && /^[\p{L}\p{N}]+$/u.test(row.word) && row.word !== word && editDistance(word, row.word) <= typoAllowance(word)).map((row) => row.word);
      return `(${[`${word}:*`, ...new Set(typos)].join(' | ')})`;
    })
    .join(' & ');
}

function hitQueries(terms: CustomerSearchTerms, nameQuery: string | null): SQL[] {
  const arms: SQL[] = [];
  const { text, likeText } = terms;
  if (terms.hasLetters && nameQuery) {
    const exactWords = terms.prefixQuery ? sql`search_document @@ to_tsquery('simple', ${terms.prefixQuery})` : sql`false`;
    arms.push(sql`
      SELECT id AS contact_id, 'name' AS field, trim(first_name || ' ' || last_name) AS value,
             greatest(similarity(search_name, ${text}), word_similarity(${text}, search_name)) + CASE WHEN ${exactWords} THEN 0.5 ELSE 0 END AS score
      FROM contacts
      WHERE search_document @@ to_tsquery('simple', ${nameQuery}) AND merged_into_id IS NULL`);
  }
  if (terms.hasLetters) {
    arms.push(sql`
      SELECT c.id, 'company', co.name, 0.8 * greatest(similarity(lower(co.name), ${text}), word_similarity(${text}, lower(co.name)))
      FROM companies co JOIN contacts c ON c.company_id = co.id
      WHERE (lower(co.name) % ${text} OR ${text} <% lower(co.name)) AND c.merged_into_id IS NULL`);
  }
  if (text.length >= 3 && !text.includes(' ')) {
    arms.push(sql`
      SELECT contact_id, 'email', email,
             CASE WHEN lower(email) = ${text} THEN 2 WHEN lower(email) LIKE ${`${likeText}%`} THEN 1.6 ELSE 1.2 END
      FROM contact_emails WHERE lower(email) LIKE ${`%${likeText}%`}`);
    const accountMatch = sql`lower(a.number) LIKE ${`%${likeText}%`}`;
    const accountScore = sql`CASE WHEN lower(a.number) = ${text} THEN 2 WHEN lower(a.number) LIKE ${`${likeText}%`} THEN 1.5 ELSE 1.1 END`;
    arms.push(sql`SELECT a.contact_id, 'accountNumber', a.number, ${accountScore} FROM accounts a WHERE a.contact_id IS NOT NULL AND ${accountMatch}`);
    arms.push(sql`SELECT ac.contact_id, 'accountNumber', a.number, ${accountScore} FROM accounts a JOIN account_contacts ac ON ac.account_id = a.id WHERE ${accountMatch}`);
  } else if (text.length) {
    arms.push(sql`SELECT contact_id, 'email', email, 2 FROM contact_emails WHERE lower(email) = ${text}`);
  }
  if (terms.phone) {
    const fragments = terms.phone.digitFragments;
    const anyFragment = sql.join(
      fragments.map((fragment) => sql`p.digits LIKE ${`%${fragment}%`}`),
      sql` OR `,
    );
    const longest = Math.max(...fragments.map((fragment) => fragment.length));
    arms.push(sql`
      SELECT p.contact_id, 'phone', coalesce(p.e164, p.number) || CASE WHEN p.e164 IS NOT NULL AND p.e164 <> p.number THEN ' (' || p.number || ')' ELSE '' END,
             CASE WHEN p.e164 = ${terms.phone.e164 ?? ''} THEN 2 WHEN p.digits IN (${sql.join(fragments.map((fragment) => sql`${fragment}`), sql`, `)}) THEN 1.9 ELSE 1 + 0.5 * ${longest}::numeric / greatest(length(p.digits), 1) END
      FROM customer_phones p
      WHERE p.contact_id IS NOT NULL AND (${anyFragment}${terms.phone.e164 ? sql` OR p.e164 = ${terms.phone.e164}` : sql``})`);
  }
  if (terms.postalKey) {
    arms.push(sql`
      SELECT contact_id, 'postalCode', postal_code, CASE WHEN postal_code_key = ${terms.postalKey} THEN 1.5 ELSE 1.2 END
      FROM customer_addresses WHERE contact_id IS NOT NULL AND postal_code_key LIKE ${`${terms.postalKey}%`}`);
  }
  return arms;
}

/**
 * SQL for `best(contact_id, rank, matches)`: one row per matching contact. Use inside a query run
 * by `withSearchThresholds`.
 */
export async function contactSearchSource(db: Queryable, query: string): Promise<SQL | null> {
  const terms = customerSearchTerms(query);
  const arms = hitQueries(terms, terms.hasLetters ? await expandedNameQuery(db, terms) : null);
  if (!arms.length) return null;
  return sql`(SELECT contact_id, round(max(score) * 1000)::int AS rank,
                     jsonb_agg(jsonb_build_object('field', field, 'value', value) ORDER BY score DESC) AS matches
              FROM (${sql.join(arms, sql` UNION ALL `)}) AS hits(contact_id, field, value, score)
              GROUP BY contact_id)`;
}

/**
 * Which words join the vocabulary: not numbers (a house or company number is no name, and a
 * "typo" of one is another number), which would otherwise be most of the words of a big list.
 */
export function searchWordCondition(word: SQL): SQL {
  return sql`${word} !~ '^[0-9]+$'`;
}

/** Adds the words of these contacts' search documents to the vocabulary typo correction uses. */
export async function recordSearchWords(tx: Queryable, contactIds: string[] | SQL): Promise<void> {
  const ids = Array.isArray(contactIds) ? sql.join(contactIds.map((id) => sql`${id}::uuid`), sql`, `) : contactIds;
  if (Array.isArray(contactIds) && !contactIds.length) return;
  await tx.execute(
    sql`INSERT INTO customer_search_words (word) SELECT DISTINCT word FROM contacts, unnest(tsvector_to_array(search_document)) AS word WHERE id IN (${ids}) AND ${searchWordCondition(sql`word`)} ON CONFLICT DO NOTHING`,
  );
}

/** Runs `work` in a transaction whose trigram thresholds suit company name typos. */
export async function withSearchThresholds<T>(db: Queryable, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // JIT compiling costs far more than these index-driven queries; the planner's row guesses for
    // the union (an empty companies table looks like a million rows) would otherwise turn it on.
    await tx.execute(sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(wordSimilarityThreshold)}, true), set_config('jit', 'off', true)`);
    return work(tx);
  });
}

const fieldLabels: Record<string, string> = { name: 'Name', company: 'Company', email: 'Email', phone: 'Phone', postalCode: 'Zip code', accountNumber: 'Account number' };

/** The stored matches of a contact as the API shows them: one per field, with the matched part marked. */
export function explainMatches(raw: unknown, query: string): SearchMatch[] {
  const seen = new Set<string>();
  const matches: SearchMatch[] = [];
  for (const entry of (raw ?? []) as { field: string; value: string | null }[]) {
    const key = `${entry.field}:${entry.value}`;
    if (seen.has(key) || !entry.value) continue;
    seen.add(key);
    matches.push({ field: entry.field, label: fieldLabels[entry.field] ?? entry.field, ...highlightMatch(entry.value, query) });
  }
  return matches.slice(0, 4);
}

/** Contact ids, best first, with why they matched: the global search's contact kind. */
export async function searchContactIds(db: Queryable, query: string, limit: number) {
  return withSearchThresholds(db, async (tx) => {
    const source = await contactSearchSource(tx, query);
    if (!source) return [];
    return queryRows<{ contact_id: string; rank: number; matches: unknown }>(tx, sql`SELECT contact_id, rank, matches FROM ${source} AS best ORDER BY rank DESC, contact_id LIMIT ${limit}`);
  });
}
