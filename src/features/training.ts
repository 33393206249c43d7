import type { Mapping } from '../declaration/mapping.js';
import { ProfileBuilder } from './build.js';
import type { FoldCounts } from './counts.js';
import type { ProfileFacts } from './fact.js';
import type { LabelledRow } from './history.js';
import { ProfileLookup } from './lookup.js';
import { PROFILE_FORMAT, serializeProfile, type GroupTable, type Profile, type ProfileSettings } from './profile.js';

export interface TrainingOptions {
  mapping?: Mapping;
  /** Number of folds (default 5). */
  folds?: number;
  settings?: Partial<ProfileSettings>;
}

export interface TrainingFeatures {
  /** The profile of all the rows: for scoring declarations that come after them (a test period, production). */
  profile: ProfileLookup;
  /** Facts for rows[i] in which no outcome of rows[i]'s fold (so never its own) is counted. */
  factsFor(i: number): ProfileFacts;
  folds: number;
}

/**
 * Leakage-free features for the rows a profile is built from (training,
 * backtests). Rows are split into folds by a hash of their id; a row's
 * inspection statistics (counts, illicit counts, shrunk rates, risk points,
 * shrinkage strengths, overall rate) come from the other folds only, so its
 * own outcome never feeds its features. Price norms and first-seen dates use
 * no outcome and come from all rows.
 */
export function trainingFeatures(rows: readonly LabelledRow[], opts: TrainingOptions = {}): TrainingFeatures {
  const folds = opts.folds ?? 5;
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  const builder = new ProfileBuilder({
    mapping: opts.mapping,
    settings: opts.settings,
    folds,
    foldOf: (r) => foldOf(r.consignment.id, folds),
  });
  for (const row of rows) builder.add(row);
  const built = builder.finish();
  const { id } = serializeProfile(built.body);
  const profile: Profile = { format: PROFILE_FORMAT, id, ...built.body };
  const split = built.folds!;
  const lookups = Array.from({ length: folds }, (_, k) => {
    const groups: Record<string, GroupTable> = {};
    for (const [name, table] of Object.entries(profile.groups))
      groups[name] = leaveOut(table, split.groups[name], folds, k);
    const overall = leaveOut(
      {
        keys: ['all'],
        count: [profile.overall.count],
        illicit: [profile.overall.illicit],
        revenue: [profile.overall.revenue],
      },
      split.overall,
      folds,
      k,
    );
    return new ProfileLookup(
      profile,
      { groups, overall: { count: overall.count[0], illicit: overall.illicit[0], revenue: overall.revenue[0] } },
      `${id}#fold${k + 1}of${folds}`,
    );
  });
  const rowFold = rows.map((r) => foldOf(r.consignment.id, folds));
  return { profile: new ProfileLookup(profile), factsFor: (i) => lookups[rowFold[i]], folds };
}

/** Per-row facts, in row order (see trainingFeatures). */
export function trainingFacts(rows: readonly LabelledRow[], opts: TrainingOptions = {}): ProfileFacts[] {
  const features = trainingFeatures(rows, opts);
  return rows.map((_, i) => features.factsFor(i));
}

/** A declaration's fold: FNV-1a hash of its id, so the split is stable across runs and row orders. */
export function foldOf(id: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % folds;
}

function leaveOut(table: GroupTable, byFold: FoldCounts, folds: number, k: number): GroupTable {
  const out: GroupTable = { keys: table.keys, count: [], illicit: [], revenue: [] };
  for (let g = 0; g < table.keys.length; g++) {
    const at = g * folds + k;
    out.count.push(table.count[g] - byFold.count[at]);
    out.illicit.push(table.illicit[g] - byFold.illicit[at]);
    out.revenue.push(table.revenue[g] - byFold.revenue[at]);
  }
  return out;
}
