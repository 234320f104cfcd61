import type { Actor } from '../actor.js';
import type { ServiceContext } from '../context.js';
import type { MatchedText } from './match-highlight.js';

/** Why a record matched: the field, and its value with the matching part marked. */
export interface SearchMatch extends MatchedText {
  field: string;
  label: string;
}

export interface SearchHit {
  id: string;
  title: string;
  subtitle: string | null;
  /** Where the record opens in the staff app. */
  path: string;
  matches: SearchMatch[];
}

/**
 * A module's part of the global search. Modules register one per record kind from their
 * index.ts (customers: contacts, companies, accounts; care: tickets; later orders and leads), so
 * the search endpoint knows none of them.
 */
export interface SearchProvider {
  kind: string;
  /** Group heading, plural: "Contacts". */
  label: string;
  /** Whether this actor may see records of this kind at all; others get no group. */
  canSearch(actor: Actor): boolean;
  /** The best `limit` records for `query`, and whether there are more. */
  search(ctx: ServiceContext, query: string, limit: number): Promise<{ items: SearchHit[]; more: boolean }>;
  /** The list page that shows every result, for "see all". */
  seeAllPath(query: string): string;
}

const providers = new Map<string, SearchProvider>();

export function registerSearchProvider(provider: SearchProvider): void {
  providers.set(provider.kind, provider);
}

export function searchProviders(): SearchProvider[] {
  return [...providers.values()];
}
