import { CHANNELS, type Channel, type Decision } from '../decision/decision.js';
import { atRates, rank, RankingTotals, REPORTED_RATES, type ScoredRow } from './metrics.js';

export type TransitionMatrix = Record<Channel, Record<Channel, number>>;

export interface ChangedDecision {
  id: string;
  before: { channel: Channel; score: number; rules: string[] };
  after: { channel: Channel; score: number; rules: string[] };
  /** Rules that fire in one decision only, or with other points: what moved it. */
  causes: string[];
}

export interface RuleCause {
  rule: string;
  /** Channel changes where the rule now fires (or now gives other points). */
  nowFires: number;
  /** Channel changes where it no longer fires. */
  noLongerFires: number;
}

/** Ranking quality of one rule set on labelled data: precision at n % inspected, and of its red channel. */
export interface RankingQuality {
  precisionAt: Record<string, number>;
  recallAt: Record<string, number>;
  /** Share of red decisions that were found illicit. */
  redPrecision: number;
  red: number;
}

export interface Impact {
  rows: number;
  /** transitions[old][new]: how many consignments went from one channel to another. */
  transitions: TransitionMatrix;
  changedChannel: number;
  changedScore: number;
  causes: RuleCause[];
  sample: ChangedDecision[];
  /** Present when the data is labelled (an `illicit` column). */
  quality?: { before: RankingQuality; after: RankingQuality; illicit: number };
}

export interface Outcome {
  illicit: boolean;
}

/**
 * Compares two rule sets' decisions on the same consignments, one pair at a
 * time (the data is streamed, never held); only scores are kept when labelled.
 */
export class ImpactAccumulator {
  private rows = 0;
  private changedScore = 0;
  private readonly transitions = emptyMatrix();
  private readonly causes = new Map<string, RuleCause>();
  private readonly sample: ChangedDecision[] = [];
  private readonly scored: { before: ScoredRow[]; after: ScoredRow[] } = { before: [], after: [] };
  private readonly red = { before: [0, 0], after: [0, 0] };

  constructor(private readonly sampleSize = 20) {}

  add(before: Decision, after: Decision, outcome?: Outcome): void {
    this.rows++;
    this.transitions[before.channel][after.channel]++;
    if (before.score !== after.score) this.changedScore++;
    if (outcome) {
      this.scored.before.push({ id: before.id, score: before.score, illicit: outcome.illicit });
      this.scored.after.push({ id: after.id, score: after.score, illicit: outcome.illicit });
      if (before.channel === 'red') this.red.before[outcome.illicit ? 1 : 0]++;
      if (after.channel === 'red') this.red.after[outcome.illicit ? 1 : 0]++;
    }
    if (before.channel === after.channel) return;
    const causes = causesOf(before, after);
    for (const c of causes) {
      let entry = this.causes.get(c.rule);
      if (!entry) this.causes.set(c.rule, (entry = { rule: c.rule, nowFires: 0, noLongerFires: 0 }));
      if (c.now) entry.nowFires++;
      else entry.noLongerFires++;
    }
    if (this.sample.length < this.sampleSize) {
      this.sample.push({
        id: before.id,
        before: { channel: before.channel, score: before.score, rules: before.hits.map((h) => h.rule) },
        after: { channel: after.channel, score: after.score, rules: after.hits.map((h) => h.rule) },
        causes: causes.map((c) => c.rule),
      });
    }
  }

  result(): Impact {
    const changedChannel = CHANNELS.reduce(
      (n, from) => n + CHANNELS.reduce((m, to) => m + (from === to ? 0 : this.transitions[from][to]), 0),
      0,
    );
    const labelled = this.scored.before.length > 0;
    return {
      rows: this.rows,
      transitions: this.transitions,
      changedChannel,
      changedScore: this.changedScore,
      causes: [...this.causes.values()].sort(
        (a, b) => b.nowFires + b.noLongerFires - (a.nowFires + a.noLongerFires) || (a.rule < b.rule ? -1 : 1),
      ),
      sample: this.sample,
      ...(labelled
        ? {
            quality: {
              before: quality(this.scored.before, this.red.before),
              after: quality(this.scored.after, this.red.after),
              illicit: this.scored.before.filter((r) => r.illicit).length,
            },
          }
        : {}),
    };
  }
}

function emptyMatrix(): TransitionMatrix {
  const row = () => ({ green: 0, yellow: 0, red: 0 });
  return { green: row(), yellow: row(), red: row() };
}

/** Rules firing in one decision only, or firing in both with other points. Settings (thresholds…) leave this empty. */
function causesOf(before: Decision, after: Decision): { rule: string; now: boolean }[] {
  const b = new Map(before.hits.map((h) => [h.rule, h.points]));
  const a = new Map(after.hits.map((h) => [h.rule, h.points]));
  const out: { rule: string; now: boolean }[] = [];
  for (const [rule, points] of a) if (b.get(rule) !== points) out.push({ rule, now: true });
  for (const rule of b.keys()) if (!a.has(rule)) out.push({ rule, now: false });
  return out;
}

function quality(rows: ScoredRow[], red: number[]): RankingQuality {
  const at = atRates(new RankingTotals(rank(rows), false), REPORTED_RATES);
  const precisionAt: Record<string, number> = {};
  const recallAt: Record<string, number> = {};
  for (const [p, v] of Object.entries(at)) {
    precisionAt[p] = v.precision;
    recallAt[p] = v.recall;
  }
  const total = red[0] + red[1];
  return { precisionAt, recallAt, redPrecision: total > 0 ? red[1] / total : 0, red: total };
}
