import { inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { highlightMatch, registerSearchProvider, type SearchHit } from '../../platform/search/index.js';
import { explainMatches, searchContactIds, withSearchThresholds } from './contact-search.js';
import { contactDisplayName } from './contacts.service.js';
import { canCustomers } from './customers.policy.js';
import { contacts } from './customers.tables.js';
import { customerSearchTerms } from './search-terms.js';

/** The customers module's kinds in the global search: contacts, companies and accounts. */

const canRead = (actor: Parameters<typeof canCustomers>[0]) => canCustomers(actor, 'customer.read');
const seeAll = (path: string) => (query: string) => `${path}?q=${encodeURIComponent(query)}`;

registerSearchProvider({
  kind: 'contact',
  label: 'Contacts',
  canSearch: canRead,
  seeAllPath: seeAll('/customers'),
  async search(ctx, query, limit) {
    const found = await searchContactIds(ctx.db, query, limit + 1);
    const page = found.slice(0, limit);
    const rows = page.length ? await ctx.db.select().from(contacts).where(inArray(contacts.id, page.map((hit) => hit.contact_id))) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    const items: SearchHit[] = page.flatMap((hit) => {
      const row = byId.get(hit.contact_id);
      if (!row) return [];
      return [{ id: row.id, title: contactDisplayName(row), subtitle: [row.email, row.companyName].filter(Boolean).join(' · ') || null, path: `/customers/${row.id}`, matches: explainMatches(hit.matches, query) }];
    });
    return { items, more: found.length > limit };
  },
});

registerSearchProvider({
  kind: 'company',
  label: 'Companies',
  canSearch: canRead,
  seeAllPath: seeAll('/customers/companies'),
  async search(ctx, query, limit) {
    const terms = customerSearchTerms(query);
    const vatKey = query.toUpperCase().replace(/[\s.\-/]/g, '');
    const rows = await withSearchThresholds(ctx.db, (tx) =>
      queryRows<{ id: string; name: string; vat_number: string | null; by_vat: boolean }>(
        tx,
        sql`SELECT id, name, vat_number, vat_number_key = ${vatKey} AS by_vat
            FROM companies
            WHERE lower(name) % ${terms.text} OR ${terms.text} <% lower(name) OR vat_number_key = ${vatKey}
            ORDER BY (vat_number_key = ${vatKey}) DESC, greatest(similarity(lower(name), ${terms.text}), word_similarity(${terms.text}, lower(name))) DESC, id
            LIMIT ${limit + 1}`,
      ),
    );
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id,
      title: row.name,
      subtitle: row.vat_number,
      path: `/customers/companies/${row.id}`,
      matches: [row.by_vat ? { field: 'vatNumber', label: 'VAT number', ...highlightMatch(row.vat_number ?? '', query) } : { field: 'name', label: 'Name', ...highlightMatch(row.name, query) }],
    }));
    return { items, more: rows.length > limit };
  },
});

registerSearchProvider({
  kind: 'account',
  label: 'Accounts',
  canSearch: canRead,
  seeAllPath: seeAll('/customers/accounts'),
  async search(ctx, query, limit) {
    const terms = customerSearchTerms(query);
    const rows = await withSearchThresholds(ctx.db, (tx) =>
      queryRows<{ id: string; number: string; name: string; by_number: boolean }>(
        tx,
        // By number only (trigram-indexed): a fuzzy match on account names would scan every account.
        sql`SELECT id, number, name, true AS by_number
            FROM accounts
            WHERE lower(number) LIKE ${`%${terms.likeText}%`}
            ORDER BY (lower(number) = ${terms.text}) DESC, (lower(number) LIKE ${`${terms.likeText}%`}) DESC, lower(number), id
            LIMIT ${limit + 1}`,
      ),
    );
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id,
      title: row.name ? `${row.number} · ${row.name}` : row.number,
      subtitle: null,
      path: `/customers/accounts/${row.id}`,
      matches: [row.by_number ? { field: 'accountNumber', label: 'Account number', ...highlightMatch(row.number, query) } : { field: 'name', label: 'Name', ...highlightMatch(row.name, query) }],
    }));
    return { items, more: rows.length > limit };
  },
});
