import { ConfigError } from '../errors.js';
import type { Thresholds } from '../ruleset/types.js';
import type { Channel, Decision } from './decision.js';
import { lowerBound } from '../sorted-search.js';

/**
 * Capacity selection: an office can inspect a fixed share of each day's
 * declarations, so the riskiest p % of the day go red instead of every score
 * above a fixed threshold. Offline (a whole file) the choice is exact per day;
 * online (the worker) a streaming selector estimates the day's cut-off.
 */

/** "5%" (or "5") → 0.05. */
export function parseCapacity(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const percent = m ? Number(m[1]) : Number.NaN;
  if (!(percent > 0 && percent <= 100)) {
    throw new ConfigError(
      'BAD_CAPACITY',
      `"${text}" is not an inspection capacity`,
      { field: 'capacity' },
      "give a share of each day's declarations, e.g. --capacity 5%",
    );
  }
  return percent / 100;
}

export interface CapacityItem {
  id: string;
  score: number;
  /** YYYY-MM-DD; undated declarations form one day of their own. */
  date?: string;
}

/** Red places in a day of `n` declarations: rounded up, so a day of 10 at 5 % still gets one inspection. */
export function dailyQuota(n: number, rate: number): number {
  return Math.max(0, Math.min(n, Math.ceil(n * rate - 1e-9)));
}

/**
 * The exact top `rate` of each day by score (ties by id, as in evaluation).
 * Returns the selected ids. A declaration no rule scored (score 0) is never
 * picked: capacity is spent on risk, and random inspection covers the rest.
 */
export function selectTopPerDay(items: readonly CapacityItem[], rate: number): Set<string> {
  const days = new Map<string, CapacityItem[]>();
  for (const item of items) {
    const key = item.date ?? '';
    const day = days.get(key);
    if (day) day.push(item);
    else days.set(key, [item]);
  }
  const selected = new Set<string>();
  for (const day of days.values()) {
    day.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const quota = dailyQuota(day.length, rate);
    for (let i = 0; i < quota && day[i].score > 0; i++) selected.add(day[i].id);
  }
  return selected;
}

/**
 * The channel under capacity selection. Selected → red. A declaration that is
 * red for another reason than its score (a random inspection, a rule forcing
 * red) stays red; one that was red only by the threshold drops to yellow, the
 * capacity being spent on riskier ones.
 */
export function capacityChannel(channel: Channel, selected: boolean, redForOtherReason: boolean): Channel {
  if (selected || redForOtherReason) return 'red';
  return channel === 'red' ? 'yellow' : channel;
}

/**
 * A decision under capacity selection. Red for another reason than the score
 * is recognised from the decision itself: a random inspection, or red below
 * the red threshold (a rule forcing red). Capacity picks are marked
 * `selection: "capacity"` so an audit can tell them from threshold reds.
 */
export function withCapacity(d: Decision, selected: boolean, thresholds: Thresholds): Decision {
  const other = d.channel === 'red' && (d.selection === 'random' || d.score < thresholds.red);
  const channel = capacityChannel(d.channel, selected, other);
  const marked = selected && !other ? { selection: 'capacity' as const } : {};
  return channel === d.channel && !marked.selection ? d : { ...d, channel, ...marked };
}

/** Offline (a whole file): the exact top `rate` of each day's decisions go red. */
export function applyCapacity(
  items: readonly { decision: Decision; date?: string }[],
  rate: number,
  thresholds: Thresholds,
): Decision[] {
  const selected = selectTopPerDay(
    items.map(({ decision, date }) => ({
      id: decision.id,
      score: decision.score,
      ...(date !== undefined ? { date } : {}),
    })),
    rate,
  );
  return items.map(({ decision }) => withCapacity(decision, selected.has(decision.id), thresholds));
}

export interface StreamingOptions {
  rate: number;
  /** Recent scores the cut-off is estimated from (across days). */
  window?: number;
}

/**
 * Online capacity for the worker, which cannot wait for the day to end: a
 * declaration goes red when its score reaches the top `rate` of the recent
 * window and the day's budget (rate × declarations seen today, rounded up)
 * is not spent. Constant memory; O(window) per call at worst.
 */
export class StreamingCapacity {
  private readonly rate: number;
  private readonly size: number;
  private readonly recent: number[] = [];
  /** The same scores as `recent`, ascending. */
  private readonly sorted: number[] = [];
  private day: string | undefined;
  private seenToday = 0;
  private redToday = 0;

  constructor(opts: StreamingOptions) {
    this.rate = opts.rate;
    this.size = opts.window ?? 10_000;
  }

  select(score: number, date = ''): boolean {
    if (date !== this.day) {
      this.day = date;
      this.seenToday = 0;
      this.redToday = 0;
    }
    this.seenToday++;
    this.remember(score);
    const budget = dailyQuota(this.seenToday, this.rate);
    // As offline: a score of 0 is never picked, also while the window is too short to place a cut-off.
    if (score <= 0 || this.redToday >= budget || score < this.cutoff()) return false;
    this.redToday++;
    return true;
  }

  /** The decision with this selector's verdict applied. */
  apply(d: Decision, date: string | undefined, thresholds: Thresholds): Decision {
    return withCapacity(d, this.select(d.score, date), thresholds);
  }

  /** The lowest score still within the top `rate` of the window. */
  cutoff(): number {
    const n = this.sorted.length;
    if (n === 0) return Infinity;
    return this.sorted[n - dailyQuota(n, this.rate)];
  }

  private remember(score: number): void {
    this.recent.push(score);
    this.sorted.splice(lowerBound(this.sorted, score), 0, score);
    if (this.recent.length > this.size) {
      const old = this.recent.shift() as number;
      this.sorted.splice(lowerBound(this.sorted, old), 1);
    }
  }
}
