import type { Firing } from '../ruleset/firing.js';
import type { Thresholds } from '../ruleset/types.js';
import { CHANNELS, type Channel } from './decision.js';

export function channelOfScore(score: number, t: Thresholds): Channel {
  if (score >= t.red) return 'red';
  if (score >= t.yellow) return 'yellow';
  return 'green';
}

/**
 * A rule that forces a channel overrides the thresholds (a watchlist hit goes
 * red whatever the score); when several do, the most severe one wins.
 */
export function channelOf(score: number, fired: readonly Firing[], t: Thresholds): Channel {
  let forced: Channel | undefined;
  for (const f of fired) {
    const c = f.rule.channel;
    if (c && (!forced || CHANNELS.indexOf(c) > CHANNELS.indexOf(forced))) forced = c;
  }
  return forced ?? channelOfScore(score, t);
}
