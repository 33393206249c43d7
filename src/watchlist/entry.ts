/**
 * Shared intelligence: one entity (trader, route or HS code) a partner
 * administration asks us to look at, as written in `rules/watchlists/*.csv`
 * (or JSON). The columns are the exchange format `targeting share` writes too.
 */
export const WATCHLIST_COLUMNS = ['type', 'id', 'source', 'reason', 'validUntil', 'confidentiality'] as const;

/** The consignment field an entry of each type is compared with. */
export const WATCHLIST_TYPES = ['importer', 'exporter', 'declarant', 'route', 'hsCode'] as const;
export type WatchlistType = (typeof WATCHLIST_TYPES)[number];

export interface WatchlistEntry {
  type: WatchlistType;
  /** Normalised: routes as `CN-SG` or `CN`, HS codes as digits. */
  id: string;
  /** The administration that listed it (e.g. a WCO CEN partner). */
  source: string;
  reason?: string;
  /** Last day (YYYY-MM-DD, inclusive) the entry applies; absent = until removed. */
  validUntil?: string;
  confidentiality?: string;
}

/** An entry with the place it was read from, for messages. */
export interface PlacedEntry {
  entry: WatchlistEntry;
  file: string;
  line: number;
}

/** The watchlists in force: what rules see, and the id decisions can cite. */
export interface LoadedWatchlists {
  /** `watchlists@` + 12 hex digits of the sha256 of the entries in force. */
  id: string;
  entries: WatchlistEntry[];
  files: string[];
  /** Entries skipped because their validUntil has passed. */
  expired: PlacedEntry[];
}
