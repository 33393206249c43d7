import { RuleSetError } from '../errors.js';
import { closest } from '../ruleset/suggest.js';
import { WATCHLIST_TYPES, type PlacedEntry, type WatchlistType } from './entry.js';
import type { RawRow } from './read.js';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const COUNTRY = /^[A-Z]{2}$/;

/** Other names analysts and partner files use for a type. */
const TYPE_ALIASES: Record<string, WatchlistType> = {
  hs: 'hsCode',
  hscode: 'hsCode',
  hs_code: 'hsCode',
  commodity: 'hsCode',
  trader: 'importer',
};

/**
 * One watchlist row as an entry, or the problem with it (file, line, field and
 * what to write instead). Ids are normalised so a look-up is one Map get.
 */
export function toEntry(row: RawRow): PlacedEntry {
  const { file, line, fields } = row;
  const fail = (field: string, problem: string, hint?: string) =>
    new RuleSetError('BAD_WATCHLIST', problem, { file, line, field }, hint);
  const type = entryType(fields.type, fail);
  if (!fields.id) throw fail('id', 'the entry has no id', 'write the identifier the entry is about');
  if (!fields.source)
    throw fail('source', 'the entry has no source', 'name the administration that shared it, e.g. "FR-DGDDI"');
  const entry: PlacedEntry['entry'] = { type, id: normaliseId(type, fields.id, fail), source: fields.source };
  if (fields.reason) entry.reason = fields.reason;
  if (fields.validUntil) entry.validUntil = day(fields.validUntil, fail);
  if (fields.confidentiality) entry.confidentiality = fields.confidentiality;
  return { entry, file, line };
}

type Fail = (field: string, problem: string, hint?: string) => RuleSetError;

function entryType(text: string | undefined, fail: Fail): WatchlistType {
  if (!text) throw fail('type', 'the entry has no type', `one of ${WATCHLIST_TYPES.join(', ')}`);
  const known = (WATCHLIST_TYPES as readonly string[]).find((t) => t.toLowerCase() === text.toLowerCase());
  if (known) return known as WatchlistType;
  const alias = TYPE_ALIASES[text.toLowerCase()];
  if (alias) return alias;
  if (/vessel|ship/i.test(text)) {
    throw fail(
      'type',
      `unknown type "${text}"`,
      'declarations carry no vessel: list the route instead (type route, id ORIGIN-DEPARTURE such as CN-SG)',
    );
  }
  const guess = closest(text, WATCHLIST_TYPES);
  throw fail(
    'type',
    `unknown type "${text}"`,
    `${guess ? `did you mean "${guess}"? ` : ''}one of ${WATCHLIST_TYPES.join(', ')}`,
  );
}

function normaliseId(type: WatchlistType, id: string, fail: Fail): string {
  if (type === 'route') {
    const parts = id.toUpperCase().split(/\s*(?:-|>|→)\s*/);
    if (parts.length > 2 || !parts.every((p) => COUNTRY.test(p))) {
      throw fail(
        'id',
        `"${id}" is not a route`,
        'write ORIGIN-DEPARTURE with ISO alpha-2 codes (CN-SG), or ORIGIN alone (CN) for every departure',
      );
    }
    return parts.join('-');
  }
  if (type === 'hsCode') {
    const digits = id.replace(/[.\s]/g, '');
    if (!/^\d+$/.test(digits) || ![2, 4, 6, 8, 10].includes(digits.length)) {
      throw fail(
        'id',
        `"${id}" is not an HS code`,
        'write a chapter (61), heading (6109), subheading (610910) or a full national code',
      );
    }
    return digits;
  }
  return id;
}

function day(text: string, fail: Fail): string {
  const ok = ISO_DAY.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
  if (!ok)
    throw fail(
      'validUntil',
      `"${text}" is not a date`,
      'write YYYY-MM-DD (the last day the entry applies), or leave it empty for no end',
    );
  return text;
}
