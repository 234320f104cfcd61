import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../src/platform/db/client.js';

/**
 * Bulk generator of realistic contacts for the search benchmark: common first and last names
 * (with suffixed variants, so surnames number in the thousands and popular ones repeat), unique
 * emails, US phones in mixed formats, zip codes, and an account for one contact in ten. Rows are
 * written with INSERT ... SELECT generate_series in batches; ids are derived from the row number
 * so child rows can refer to their contact without a lookup.
 */

const firstNames =
  'james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony margaret mark sandra donald ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian dorothy george melissa timothy deborah ronald stephanie edward rebecca jason sharon jeffrey laura ryan cynthia jacob kathleen gary amy nicholas angela eric shirley jonathan anna stephen brenda larry pamela justin emma scott nicole brandon helen benjamin samantha samuel katherine gregory christine alexander debra frank rachel patrick carolyn raymond janet jack catherine dennis maria jerry heather tyler diane aaron ruth jose julie adam olivia nathan joyce henry virginia douglas victoria zachary kelly peter lauren kyle christina ethan joan walter evelyn noah judith jeremy megan christian andrea keith cheryl roger hannah terry jacqueline gerald martha harold gloria sean teresa austin ann carl sara arthur madison lawrence frances dylan kathryn jesse janice jordan jean bryan abigail billy alice joe julia bruce judy gabriel sophia logan grace albert denise willie amber alan doris juan marilyn wayne danielle elijah beverly randy isabella roy theresa vincent diana ralph natalie eugene brittany russell charlotte bobby marie mason kayla philip alexis louis lori ingrid priya wei yuki omar fatima lars sofia mateo chiara';
const lastNames =
  'smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena richards contreras willis carpenter lawrence sandoval halvorsen lindqvist kowalski novak rossi bianchi dubois lefebvre muller schneider';
const suffixes = ['', '', '', 'son', 'sen', 'ley', 'ton', 'ford', 'field', 'wood', 'berg', 'stein', 'ini', 'ez', 'ova', 'man'];
const domains = ['example.com', 'mail.test', 'northwind.test', 'contoso.test', 'fabrikam.test', 'acme.test', 'globex.test', 'initech.test'];

const textArray = (words: string[]) => `{${words.map((word) => `"${word}"`).join(',')}}`;

/** Inserts contacts numbered from+1..to with their emails, phones, addresses and accounts. */
export async function insertContactBatch(db: Queryable, from: number, to: number): Promise<void> {
  const first = textArray(firstNames.split(' '));
  const last = textArray(lastNames.split(' '));
  const suffix = textArray(suffixes);
  const domain = textArray(domains);
  // A valid version-4 layout, so the ids pass the API's uuid checks.
  const contactId = sql.raw(`(overlay(overlay(md5('contact' || g) placing '4' from 13) placing '8' from 17))::uuid`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO contacts (id, first_name, last_name, email, phone, source, created_at, updated_at)
      SELECT ${contactId}, initcap(name.f), initcap(name.l), point.e, phone.p, 'import', now() - (g % 1000) * interval '1 hour', now() - (g % 1000) * interval '1 hour'
      FROM generate_series(${from + 1}::int, ${to}::int) AS g,
           LATERAL (SELECT (${first}::text[])[1 + (hashint4(g) & 2147483647) % array_length(${first}::text[], 1)] AS f,
                           (${last}::text[])[1 + (hashint4(g + 7) & 2147483647) % array_length(${last}::text[], 1)]
                             || (${suffix}::text[])[1 + (hashint4(g + 13) & 2147483647) % array_length(${suffix}::text[], 1)] AS l) AS name,
           LATERAL (SELECT lower(name.f || '.' || name.l || g) || '@' || (${domain}::text[])[1 + g % array_length(${domain}::text[], 1)] AS e,
                           lpad((200 + (hashint4(g + 3) & 2147483647) % 800)::text, 3, '0') || lpad(((hashint4(g + 5) & 2147483647) % 10000000)::text, 7, '0') AS d) AS point,
           LATERAL (SELECT CASE g % 3 WHEN 0 THEN '+1 ' || substr(point.d, 1, 3) || ' ' || substr(point.d, 4, 3) || ' ' || substr(point.d, 7)
                                      WHEN 1 THEN '(' || substr(point.d, 1, 3) || ') ' || substr(point.d, 4, 3) || '-' || substr(point.d, 7)
                                      ELSE substr(point.d, 1, 3) || '.' || substr(point.d, 4, 3) || '.' || substr(point.d, 7) END AS p) AS phone`);
    await tx.execute(sql`
      INSERT INTO contact_emails (contact_id, email, label, is_default, position)
      SELECT id, email, 'work', true, 0 FROM contacts WHERE id IN (SELECT ${contactId} FROM generate_series(${from + 1}::int, ${to}::int) AS g)`);
    await tx.execute(sql`
      INSERT INTO customer_phones (contact_id, number, digits, e164, label, is_default, position)
      SELECT id, phone, regexp_replace(phone, '\\D', '', 'g'), '+1' || right(regexp_replace(phone, '\\D', '', 'g'), 10), 'mobile', true, 0
      FROM contacts WHERE id IN (SELECT ${contactId} FROM generate_series(${from + 1}::int, ${to}::int) AS g)`);
    await tx.execute(sql`
      INSERT INTO customer_addresses (contact_id, kind, is_default, line1, city, postal_code, country, position)
      SELECT ${contactId}, 'billing', true, (g % 9000 + 1)::text || ' Main St', 'Springfield', lpad(((hashint4(g + 11) & 2147483647) % 99999)::text, 5, '0'), 'US', 0
      FROM generate_series(${from + 1}::int, ${to}::int) AS g`);
    await tx.execute(sql`
      INSERT INTO accounts (number, name, contact_id)
      SELECT 'ACC-' || lpad(g::text, 7, '0'), 'Account ' || g, ${contactId}
      FROM generate_series(${from + 1}::int, ${to}::int) AS g WHERE g % 10 = 0`);
  });
}

/** The search indexes, dropped for the bulk load and built again after it (much faster than row by row). */
export async function dropSearchIndexes(db: Queryable): Promise<string[]> {
  const rows = await queryRows<{ name: string; definition: string }>(
    db,
    sql`SELECT indexname AS name, indexdef AS definition FROM pg_indexes
        WHERE schemaname = 'public' AND tablename IN ('contacts', 'contact_emails', 'customer_phones', 'customer_addresses', 'accounts')
          AND (indexdef LIKE '%gin%' OR indexname IN ('contacts_name_sort_idx', 'contacts_created_idx', 'contacts_updated_idx', 'customer_phones_e164_idx'))`,
  );
  for (const row of rows) await db.execute(sql.raw(`DROP INDEX ${row.name}`));
  return rows.map((row) => row.definition);
}

export async function createIndexes(db: Queryable, definitions: string[]): Promise<void> {
  for (const definition of definitions) await db.execute(sql.raw(definition));
  // The vocabulary name typos are corrected against, as the app keeps it on every write.
  await db.execute(sql`INSERT INTO customer_search_words (word) SELECT DISTINCT unnest(tsvector_to_array(search_document)) FROM contacts ON CONFLICT DO NOTHING`);
  await db.execute(sql`ANALYZE`);
}

/**
 * Generates `count` contacts in batches of 100k with the search indexes dropped (loading is far
 * faster without them); answers the dropped indexes' definitions for createIndexes.
 */
export async function loadGeneratedContacts(db: Queryable, count: number, log: (line: string) => void): Promise<string[]> {
  const indexes = await dropSearchIndexes(db);
  const batch = 100_000;
  for (let from = 0; from < count; from += batch) {
    await insertContactBatch(db, from, Math.min(count, from + batch));
    log(`${Math.min(count, from + batch)} contacts`);
  }
  return indexes;
}
