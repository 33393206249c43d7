import { isFactReference } from '../ruleset/check-conditions.js';
import type { Firing } from '../ruleset/firing.js';
import type { RuleDefinition } from '../ruleset/types.js';
import type { Hit } from './decision.js';
import { hitOf } from './score.js';

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
  const group = members[0].rule.statistic!;
  let points = 0;
  let base = 0;
  const terms: { hit: Hit; fact: string; value: unknown }[] = [];
  for (const f of members) {
    const hit = hitOf(f);
    points += hit.points;
    const fact = termFact(f.rule);
    // A term naming no fact is the statistic's constant: in the sum, not a contributor.
    if (fact === undefined) base += hit.points;
    else if (hit.points !== 0) terms.push({ hit, fact, value: f.params.value });
  }
  const top = terms.sort((a, b) => Math.abs(b.hit.points) - Math.abs(a.hit.points)).slice(0, MAX_CONTRIBUTIONS);
  const words = (ts: typeof top) => ts.map((t) => `${t.hit.reason} (${signed(t.hit.points)})`).join('; ');
  const raising = top.filter((t) => t.hit.points > 0);
  const mitigating = top.filter((t) => t.hit.points < 0);
  const parts = [
    ...(raising.length ? [words(raising)] : []),
    ...(mitigating.length ? [`mitigating: ${words(mitigating)}`] : []),
  ];
  const sum = Math.round(points * 100) / 100;
  return {
    rule: group,
    points: sum,
    reason: `statistical risk ${signed(sum)}${base ? ` (base ${signed(base)})` : ''}${parts.length ? `: ${parts.join('; ')}` : ''}`,
    contributions: top.map((t) => ({ fact: t.fact, value: t.value ?? null, points: t.hit.points })),
  };
}

/** The fact a statistic's term is about: its `event.params.value` fact reference; none for a constant. */
function termFact(rule: RuleDefinition): string | undefined {
  const ref = rule.event.params?.value;
  return isFactReference(ref) ? ref.fact : undefined;
}

/** +12.5, −3 (a true minus sign, as an officer's sheet prints it). */
function signed(x: number): string {
  const text = String(Math.round(Math.abs(x) * 10) / 10);
  return x < 0 ? `−${text}` : `+${text}`;
}
