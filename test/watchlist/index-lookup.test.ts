import { describe, expect, it } from 'vitest';
import type { Consignment } from '../../src/declaration/record.js';
import type { WatchlistEntry } from '../../src/watchlist/entry.js';
import { indexWatchlists } from '../../src/watchlist/index-lookup.js';

const entries: WatchlistEntry[] = [
  { type: 'importer', id: 'IM1', source: 'FR', reason: 'seized' },
  { type: 'route', id: 'CN-MY', source: 'OLAF', reason: 'lane' },
  { type: 'route', id: 'AE', source: 'BE', reason: 'origin' },
  { type: 'hsCode', id: '2402', source: 'WCO', reason: 'heading' },
  { type: 'hsCode', id: '240220', source: 'WCO', reason: 'subheading' },
  { type: 'hsCode', id: '61', source: 'WCO', reason: 'chapter' },
  { type: 'exporter', id: 'ps1_abc', source: 'NL', reason: 'tokenised' },
];
const facts = indexWatchlists({ id: 'watchlists@x', entries }, { token: (v) => `ps1_${v === 'EX7' ? 'abc' : 'zzz'}` });
const c = (fields: Partial<Consignment>): Consignment => ({ id: 'C1', extra: {}, ...fields });
const reason = (name: string, fields: Partial<Consignment>) =>
  (facts.fact(name, c(fields)) as WatchlistEntry | null)?.reason ?? null;

describe('indexWatchlists', () => {
  it('finds traders by identifier, null otherwise', () => {
    expect(reason('watchlist.importer', { importer: 'IM1' })).toBe('seized');
    expect(reason('watchlist.importer', { importer: 'IM2' })).toBeNull();
    expect(reason('watchlist.importer', {})).toBeNull();
    expect(reason('watchlist.declarant', { declarant: 'IM1' })).toBeNull();
  });

  it('matches a route by origin-departure, then by origin alone', () => {
    expect(reason('watchlist.route', { origin: 'CN', departure: 'MY' })).toBe('lane');
    expect(reason('watchlist.route', { origin: 'CN', departure: 'CN' })).toBeNull();
    expect(reason('watchlist.route', { origin: 'AE', departure: 'SG' })).toBe('origin');
    expect(reason('watchlist.route', { origin: 'AE' })).toBe('origin');
  });

  it('matches the most specific HS listing', () => {
    expect(reason('watchlist.hsCode', { hsCode: '2402200010' })).toBe('subheading');
    expect(reason('watchlist.hsCode', { hsCode: '240290' })).toBe('heading');
    expect(reason('watchlist.hsCode', { hsCode: '610910' })).toBe('chapter');
    expect(reason('watchlist.hsCode', { hsCode: '620342' })).toBeNull();
  });

  it('matches partner entries listed by token through the shared key', () => {
    expect(reason('watchlist.exporter', { exporter: 'EX7' })).toBe('tokenised');
    expect(reason('watchlist.exporter', { exporter: 'EX8' })).toBeNull();
  });

  it('returns the entry itself so rules can cite source and reason', () => {
    expect(facts.fact('watchlist.importer', c({ importer: 'IM1' }))).toEqual(entries[0]);
    expect(facts.id).toBe('watchlists@x');
  });
});
