import { CHANNELS } from '../decision/decision.js';
import type { Impact, RankingQuality } from './diff-impact.js';

const int = (n: number) => n.toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The data part: transition matrix, rules behind the changes, a sample, precision when labelled. */
export function renderImpact(file: string, impact: Impact, rejected: number, seconds: number): string {
  const out = [
    `On ${file}: ${int(impact.rows)} consignments compared${rejected ? `, ${int(rejected)} rejected` : ''} in ${seconds.toFixed(1)} s`,
  ];
  const share = impact.rows ? ` (${pct(impact.changedChannel / impact.rows)})` : '';
  out.push(
    `Channel changed for ${int(impact.changedChannel)}${share}; score changed for ${int(impact.changedScore)}`,
    '',
  );
  const w = 12;
  out.push(`${'old \\ new'.padEnd(w)}${CHANNELS.map((c) => c.padStart(w)).join('')}${'total old'.padStart(w)}`);
  for (const from of CHANNELS) {
    const row = CHANNELS.map((to) => int(impact.transitions[from][to]).padStart(w)).join('');
    const total = CHANNELS.reduce((n, to) => n + impact.transitions[from][to], 0);
    out.push(`${from.padEnd(w)}${row}${int(total).padStart(w)}`);
  }
  out.push(
    `${'total new'.padEnd(w)}${CHANNELS.map((to) => int(CHANNELS.reduce((n, from) => n + impact.transitions[from][to], 0)).padStart(w)).join('')}`,
  );
  if (impact.causes.length) {
    out.push(
      '',
      'Rules behind the channel changes:',
      `  ${'rule'.padEnd(40)}${'now fires'.padStart(12)}${'no longer'.padStart(12)}`,
    );
    for (const c of impact.causes)
      out.push(`  ${c.rule.padEnd(40)}${int(c.nowFires).padStart(12)}${int(c.noLongerFires).padStart(12)}`);
  } else if (impact.changedChannel > 0) {
    out.push('', 'No rule fires differently: the changes come from the thresholds or random inspection.');
  }
  if (impact.sample.length) {
    out.push('', `Sample of changed decisions (${impact.sample.length}):`);
    for (const s of impact.sample) {
      out.push(
        `  ${s.id}: ${s.before.channel} ${s.before.score} → ${s.after.channel} ${s.after.score}${s.causes.length ? `  because of ${s.causes.join(', ')}` : ''}`,
      );
    }
  }
  if (impact.quality)
    out.push('', ...renderQuality(impact.quality.before, impact.quality.after, impact.quality.illicit));
  return out.join('\n') + '\n';
}

function renderQuality(b: RankingQuality, a: RankingQuality, illicit: number): string[] {
  const out = [`Labelled data: ${int(illicit)} illicit. Precision (recall) when inspecting the top n % by score:`];
  for (const p of Object.keys(b.precisionAt)) {
    out.push(
      `  at ${p.padStart(2)} %: old ${pct(b.precisionAt[p])} (${pct(b.recallAt[p])}) → new ${pct(a.precisionAt[p])} (${pct(a.recallAt[p])})`,
    );
  }
  out.push(`  red channel: old ${pct(b.redPrecision)} of ${int(b.red)} → new ${pct(a.redPrecision)} of ${int(a.red)}`);
  return out;
}
