import type { ServiceContext } from '../context.js';
import { AppError } from '../errors.js';
import type { SearchQuery } from './search.contract.js';
import { searchProviders } from './search-providers.js';

/**
 * One query across every registered kind the actor may read, grouped by kind in registration
 * order. A kind the actor has no right to is skipped, not refused, so the box works for everyone.
 */
export async function searchEverything(ctx: ServiceContext, query: SearchQuery) {
  if (ctx.actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  const wanted = searchProviders().filter((provider) => (!query.kinds || query.kinds.includes(provider.kind)) && provider.canSearch(ctx.actor));
  // One at a time: on PGlite queries queue anyway, and on PostgreSQL each kind is a few ms.
  const groups = [];
  for (const provider of wanted) {
    const found = await provider.search(ctx, query.q, query.limit);
    if (found.items.length) groups.push({ kind: provider.kind, label: provider.label, items: found.items, more: found.more, seeAllPath: provider.seeAllPath(query.q) });
  }
  return { groups };
}
