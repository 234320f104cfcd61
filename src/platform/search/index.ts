import type { PatronModule } from '../module.js';
import { searchRoutes } from './search.routes.js';

export { registerSearchProvider, type SearchHit, type SearchMatch, type SearchProvider } from './search-providers.js';
export { editDistance, highlightMatch, markersToHighlights, type Highlight, type MatchedText } from './match-highlight.js';
export { searchMatchSchema } from './search.contract.js';

/** The global search endpoint; the kinds it searches are registered by the modules. */
export const searchModule: PatronModule = { name: 'search', staffRoutes: [searchRoutes] };
