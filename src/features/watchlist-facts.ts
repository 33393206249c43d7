import type { FactDefinition } from './fact.js';

/**
 * Watchlist facts hold the matching entry (source administration, reason,
 * validity…) or null, also when no watchlist is loaded: a rule written as
 * `notEqual null` then never fires by accident.
 */
function entry(name: string, description: string, header = false): FactDefinition {
  return {
    name,
    type: 'object',
    description,
    source: 'watchlist',
    header,
    compute: (ctx) => ctx.watchlists?.fact(name, ctx.consignment) ?? null,
  };
}

export const WATCHLIST_FACTS: FactDefinition[] = [
  entry('watchlist.importer', 'Watchlist entry for the importer, or null', true),
  entry('watchlist.exporter', 'Watchlist entry for the exporter, or null', true),
  entry('watchlist.declarant', 'Watchlist entry for the declarant, or null', true),
  entry(
    'watchlist.route',
    'Watchlist entry for the route: the origin-departure pair (CN-SG), else the origin alone (CN); or null',
  ),
  entry(
    'watchlist.hsCode',
    'Watchlist entry for the HS code, the most specific listed: full code, HS6, HS4 or HS2; or null',
  ),
];
