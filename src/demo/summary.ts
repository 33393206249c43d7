import { CHANNELS, type Channel, type Decision } from '../decision/decision.js';

/** Channel counts and the three highest-scoring red decisions with the reasons an officer reads. */
export function printSummary(decisions: Decision[], elapsedMs: number, say: (s: string) => void): void {
  const counts: Record<Channel, number> = { green: 0, yellow: 0, red: 0 };
  let randomRed = 0;
  for (const d of decisions) {
    counts[d.channel]++;
    if (d.selection === 'random') randomRed++;
  }
  say('');
  say(`${decisions.length} decisions in ${(elapsedMs / 1000).toFixed(1)} s, rule set ${decisions[0]?.ruleset ?? '-'}`);
  for (const channel of [...CHANNELS].reverse()) {
    const n = counts[channel];
    say(
      `  ${channel.padEnd(6)} ${String(n).padStart(6)}  (${((n / Math.max(1, decisions.length)) * 100).toFixed(1)} %)` +
        (channel === 'red' && randomRed ? `: ${n - randomRed} by the rules, ${randomRed} selected at random` : ''),
    );
  }
  const reds = decisions
    .filter((d) => d.channel === 'red' && d.hits.length > 0)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
    .slice(0, 3);
  say('');
  say('Three red decisions, explained:');
  for (const d of reds) {
    say(`  ${d.id}  score ${d.score}${d.selection ? ` (${d.selection} selection)` : ''}`);
    for (const h of d.hits) say(`    +${h.points}  ${h.reason}  [${h.rule}]`);
  }
}
