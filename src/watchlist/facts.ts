import type { FactDefinition } from '../features/fact.js';

/** Facts read from the loaded watchlists (filled in by the watchlist feature set). */
export const WATCHLIST_FACTS: FactDefinition[] = [];
