import type { Hit } from '../decision/decision.js';
import type { AuditEntry } from './entry.js';

/**
 * The canonical JSON of an audit record without its hash, written out by hand
 * with the keys in sorted order: `canonicalJson` of the same record gives the
 * same bytes (test/audit/record.test.ts proves it on arbitrary records), at a
 * fraction of the cost of building an object and serialising it. It runs once
 * per decision. `prev` must be a hex hash: it goes between quotes unescaped
 * (chainEntries checks the head's; every later one is a hash it computed).
 */
export function recordText(e: AuditEntry, seq: number, prev: string): string {
  return (
    `{"channel":${quoted(e.channel, 0)},"consignment":${JSON.stringify(e.consignment)},"decidedAt":${quoted(e.decidedAt, 1)}` +
    `,"hits":${hitsText(e.hits)},"id":${JSON.stringify(e.id)},"prev":"${prev}"` +
    `${e.profile === undefined ? '' : `,"profile":${quoted(e.profile, 2)}`},"ruleset":${quoted(e.ruleset, 3)}` +
    `,"score":${numberText(e.score)},"seq":${numberText(seq)},"v":${numberText(e.v)}}`
  );
}

// A batch shares its channel values, decision time, profile and rule set: quote each once, not per record.
const lastRaw: (string | undefined)[] = [];
const lastQuoted: string[] = [];

function quoted(s: string, slot: number): string {
  if (lastRaw[slot] !== s) {
    lastRaw[slot] = s;
    lastQuoted[slot] = JSON.stringify(s);
  }
  return lastQuoted[slot];
}

function hitsText(hits: Hit[]): string {
  if (hits.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i];
    out += `${i > 0 ? ',' : ''}{"points":${numberText(h.points)}${h.reason === undefined ? '' : `,"reason":${JSON.stringify(h.reason)}`},"rule":${JSON.stringify(h.rule)}}`;
  }
  return `${out}]`;
}

function numberText(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}
