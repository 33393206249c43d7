import type { RuleSetDiff } from './diff.js';
import type { LoadedRuleSet } from './types.js';

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** The structural part of `rules diff`, for a terminal. */
export function renderRuleSetDiff(before: LoadedRuleSet, after: LoadedRuleSet, d: RuleSetDiff): string {
  const out = [
    `Old ${before.id} (${before.rules.length} rules run) → new ${after.id} (${after.rules.length} rules run)`,
  ];
  if (d.added.length + d.removed.length + d.changed.length + d.settings.length === 0)
    return out.concat('No change in the rules.').join('\n') + '\n';
  for (const s of d.settings) out.push(`Setting ${s.field}: ${show(s.before)} → ${show(s.after)}`);
  if (d.added.length) out.push(`Added (${d.added.length}): ${d.added.join(', ')}`);
  if (d.removed.length) out.push(`Removed (${d.removed.length}): ${d.removed.join(', ')}`);
  if (d.changed.length) out.push(`Changed (${d.changed.length}):`);
  for (const c of d.changed) {
    out.push(`  ${c.rule}`);
    for (const f of c.fields) out.push(`    ${f.field}: ${show(f.before)} → ${show(f.after)}`);
    for (const k of c.conditions) {
      if (k.change === 'added') out.push(`    + ${k.at}: ${k.after}`);
      else if (k.change === 'removed') out.push(`    - ${k.at}: ${k.before}`);
      else out.push(`    ~ ${k.at}: ${k.before} → ${k.after}`);
    }
  }
  return out.join('\n') + '\n';
}
