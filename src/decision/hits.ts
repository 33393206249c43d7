import { isFactReference } from '../ruleset/check-conditions.js';
import type { Firing } from '../ruleset/firing.js';
import type { RuleDefinition } from '../ruleset/types.js';
import type { Contribution, Hit } from './decision.js';
import { hitOf, pointsOf } from './score.js';

/**
 * The hits an officer reads, from the rules that fired (either engine): the
 * fired terms of a fitted statistic (rules sharing a `statistic` name, such as
 * a scorecard's bins) become one hit carrying their sum and top contributors,
 * and hits are sorted by points, highest first (ties keep rule order). The sum
 * of points, hence the score and the channel, is the same as unfolded.
 */
export function readableHits(fired: readonly Firing[]): Hit[] {
  // A statistic takes the place of its first fired term, so ties keep rule order.
  const slots: (Hit | Firing[])[] = [];
  let groups: Map<string, Firing[]> | undefined;
  for (const f of fired) {
    const group = f.rule.statistic;
    if (group === undefined) {
      slots.push(hitOf(f));
      continue;
    }
    groups ??= new Map();
    const members = groups.get(group);
    if (members) members.push(f);
    else {
      const first = [f];
      groups.set(group, first);
      slots.push(first);
    }
  }
  const hits = groups ? slots.map((s) => (Array.isArray(s) ? statisticHit(s) : s)) : (slots as Hit[]);
  // Array sort is stable: equal points stay in rule order.
  return hits.length > 1 ? hits.sort((a, b) => b.points - a.points) : hits;
}

/** Contributions named in a statistic's hit. */
export const MAX_CONTRIBUTIONS = 5;

function statisticHit(members: readonly Firing[]): Hit {
  let points = 0;
  let base = 0;
  // The top terms by |points|, kept in order as they come: a handful of terms, no sort of them all.
  const top: { f: Firing; fact: string; points: number }[] = [];
  // Terms that all say the same (a model's cumulative bands) are worded once, with the statistic's sum.
  let same: string | undefined | null;
  for (const f of members) {
    const p = pointsOf(f);
    points += p;
    const fact = termFact(f.rule);
    if (fact !== undefined) same = same === undefined ? f.reason : same === f.reason ? same : null;
    // A term naming no fact is the statistic's constant: in the sum, not a contributor.
    if (fact === undefined) base += p;
    else if (p !== 0 && (top.length < MAX_CONTRIBUTIONS || Math.abs(p) > Math.abs(top[top.length - 1].points))) {
      let at = top.length;
      while (at > 0 && Math.abs(top[at - 1].points) < Math.abs(p)) at--;
      top.splice(at, 0, { f, fact, points: p });
      if (top.length > MAX_CONTRIBUTIONS) top.pop();
    }
  }
  const sum = Math.round(points * 100) / 100;
  let raising = '';
  let mitigating = '';
  const contributions: Contribution[] = new Array(top.length);
  for (let i = 0; i < top.length; i++) {
    const t = top[i];
    contributions[i] = { fact: t.fact, value: shown(t.f.params.value), points: t.points };
    const words = `${t.f.reason} (${signed(t.points)})`;
    if (t.points > 0) raising = raising ? `${raising}; ${words}` : words;
    else mitigating = mitigating ? `${mitigating}; ${words}` : words;
  }
  let reason = `statistical risk ${signed(sum)}${base ? ` (base ${signed(base)})` : ''}`;
  if (typeof same === 'string' && top.length > 1) reason += `: ${same}`;
  else if (raising || mitigating)
    reason += `: ${raising}${raising && mitigating ? '; ' : ''}${mitigating ? `mitigating: ${mitigating}` : ''}`;
  return { rule: members[0].rule.statistic!, points: sum, reason, contributions };
}

/** The fact a statistic's term is about: its `event.params.value` fact reference; none for a constant. */
function termFact(rule: RuleDefinition): string | undefined {
  const ref = rule.event.params?.value;
  return isFactReference(ref) ? ref.fact : undefined;
}

/**
 * A value as the decision keeps it: null when missing; a number to 2 decimals
 * (3 significant digits under 1), as reasons print it — a profile statistic's
 * 16 digits would only lengthen every decision and the audit trail.
 */
function shown(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  return Math.abs(v) >= 1 ? Math.round(v * 100) / 100 : Number(v.toPrecision(3));
}

/** +12.5, −3 (a true minus sign, as an officer's sheet prints it). */
function signed(x: number): string {
  const text = String(Math.round(Math.abs(x) * 10) / 10);
  return x < 0 ? `−${text}` : `+${text}`;
}
