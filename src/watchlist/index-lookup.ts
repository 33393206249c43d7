import type { Consignment } from '../declaration/record.js';
import type { WatchlistFacts } from '../features/fact.js';
import type { LoadedWatchlists, WatchlistEntry, WatchlistType } from './entry.js';

/**
 * The watchlists as Map look-ups, built once per load: every fact is O(1) on
 * the hot path. The fact value is the entry itself (source, reason, validUntil…)
 * so rules and reasons can cite it.
 */
export interface IndexOptions {
  /**
   * Partner exports list traders by HMAC token (`targeting share`); given the
   * shared key's tokeniser, a trader also matches by the token of its identifier.
   */
  token?: (identifier: string) => string;
}

export function indexWatchlists(
  loaded: Pick<LoadedWatchlists, 'id' | 'entries'>,
  opts: IndexOptions = {},
): WatchlistFacts {
  const byType = new Map<WatchlistType, Map<string, WatchlistEntry>>();
  for (const e of loaded.entries) {
    let m = byType.get(e.type);
    if (!m) byType.set(e.type, (m = new Map()));
    m.set(e.id, Object.freeze({ ...e }));
  }
  const get = (type: WatchlistType, key: string | undefined) =>
    key === undefined ? undefined : byType.get(type)?.get(key);
  const { token } = opts;
  const trader = (type: WatchlistType, key: string | undefined) =>
    get(type, key) ?? (token && key !== undefined && byType.has(type) ? get(type, token(key)) : undefined);
  const lookups: Record<string, (c: Consignment) => WatchlistEntry | undefined> = {
    'watchlist.importer': (c) => trader('importer', c.importer),
    'watchlist.exporter': (c) => trader('exporter', c.exporter),
    'watchlist.declarant': (c) => trader('declarant', c.declarant),
    // The exact lane first, then every departure of that origin.
    'watchlist.route': (c) =>
      c.origin === undefined
        ? undefined
        : ((c.departure !== undefined ? get('route', `${c.origin}-${c.departure}`) : undefined) ??
          get('route', c.origin)),
    // The most specific listing wins: full code, then HS6, HS4, HS2.
    'watchlist.hsCode': (c) => {
      const hs = c.hsCode;
      if (hs === undefined) return undefined;
      return (
        get('hsCode', hs) ??
        get('hsCode', hs.slice(0, 6)) ??
        get('hsCode', hs.slice(0, 4)) ??
        get('hsCode', hs.slice(0, 2))
      );
    },
  };
  return {
    id: loaded.id,
    fact: (name, c) => lookups[name]?.(c) ?? null,
  };
}
