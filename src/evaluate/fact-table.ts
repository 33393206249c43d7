import { isRandomlySelected } from '../decision/random-selection.js';
import type { FactContext, FactDefinition } from '../features/fact.js';
import type { TrainingTable } from './calibrate.js';

/**
 * Which facts a scorecard may use, and their values on training rows.
 * Trader identifiers and raw codes are left out: a trader's record reaches the
 * scorecard through profile facts (importer.riskPoints…), which generalise to
 * traders and days the fit never saw; an id as a category would not.
 */
const NOT_FEATURES = new Set([
  'id',
  'date',
  'importer',
  'declarant',
  'exporter',
  'hsCode',
  // Free text, and an item's place in its declaration: not attributes of the goods.
  'description',
  'itemNumber',
  // Declaration-level facts are the same for every item and known only once a declaration is read whole.
  'itemCount',
  'declaration.itemCount',
  'declaration.totalValue',
  'declaration.distinctOrigins',
  'declaration.maxItemScore',
]);
/**
 * Of a profiled dimension's counts, rate and risk points only the points are
 * used: they already weigh the rate by its evidence, and the others would
 * split the same signal over several rules. HS price medians describe the
 * goods, which the HS facts cover.
 */
const REDUNDANT = /\.(count|illicitCount|illicitRate)$|Median$/;
/**
 * Facts that only grow with time: days since a trader was first seen. On
 * later declarations every trader is known longer than in training, so their
 * bins track the calendar (the top bin ends up holding every test row) rather
 * than risk; the isNew… facts keep what they know about newcomers.
 */
const GROWS_WITH_TIME = /\.daysKnown$/;

export function candidateFacts(catalog: Iterable<FactDefinition>): FactDefinition[] {
  const all = [...catalog];
  const names = new Set(all.map((f) => f.name));
  return all.filter(
    (f) =>
      f.type !== 'object' &&
      f.source !== 'watchlist' &&
      f.source !== 'model' &&
      !NOT_FEATURES.has(f.name) &&
      !(f.source === 'profile' && REDUNDANT.test(f.name)) &&
      !GROWS_WITH_TIME.test(f.name) &&
      // A profiled category (origin, hs4…) enters through its risk points, which also rate values seen too rarely to bin.
      !(f.type === 'string' && names.has(`${f.name}.riskPoints`)),
  );
}

/** The training rows the fit reads: all of them up to `max`, else a reproducible sample (hash of id and seed). */
export function fitSample(ids: readonly string[], seed: number, max: number): number[] {
  const all = ids.map((_, i) => i);
  if (ids.length <= max) return all;
  const rate = max / ids.length;
  return all.filter((i) => isRandomlySelected(ids[i], `calibrate-${seed}`, rate));
}

export interface TrainingRow {
  id: string;
  date?: string;
  illicit: boolean;
  /** The context facts are computed in (its profile leakage-free for this row). */
  context: FactContext;
}

export function trainingTable(rows: readonly TrainingRow[], facts: readonly FactDefinition[]): TrainingTable {
  return {
    ids: rows.map((r) => r.id),
    dates: rows.map((r) => r.date),
    labels: Uint8Array.from(rows, (r) => (r.illicit ? 1 : 0)),
    columns: new Map(facts.map((f) => [f.name, rows.map((r) => f.compute(r.context))])),
  };
}
