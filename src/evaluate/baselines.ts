import type { Consignment } from '../declaration/record.js';
import type { ScoredRow } from './metrics.js';

/** A declaration with its known outcome, as the evaluation reads it. */
export interface Outcome {
  consignment: Consignment;
  illicit: boolean;
  revenue?: number;
}

export type BaselineName = 'price' | 'importer';

/** The declaration as a ranked row, with the score a method gave it. */
export function scoredRow(o: Outcome, score: number): ScoredRow {
  return {
    id: o.consignment.id,
    score,
    illicit: o.illicit,
    ...(o.revenue !== undefined ? { revenue: o.revenue } : {}),
  };
}

/**
 * Highest declared value first: what an office does without any targeting.
 * Declarations without a value come last (values are never negative).
 */
export function priceBaseline(test: readonly Outcome[]): ScoredRow[] {
  return test.map((o) => scoredRow(o, o.consignment.value ?? -1));
}

/**
 * The importer's illicit rate in train, highest first. Only train outcomes are
 * read, so no test label leaks into a test score; an importer unseen in train
 * gets the overall train rate, as an officer would assume for a newcomer.
 */
export function importerBaseline(train: readonly Outcome[], test: readonly Outcome[]): ScoredRow[] {
  const rates = importerRates(train);
  return test.map((o) => scoredRow(o, rates.rateOf(o.consignment.importer)));
}

export function importerRates(train: readonly Outcome[]): { rateOf(importer: string | undefined): number } {
  const counts = new Map<string, { n: number; illicit: number }>();
  let illicit = 0;
  for (const o of train) {
    if (o.illicit) illicit++;
    const key = o.consignment.importer;
    if (key === undefined) continue;
    const c = counts.get(key) ?? { n: 0, illicit: 0 };
    c.n++;
    if (o.illicit) c.illicit++;
    counts.set(key, c);
  }
  const prior = train.length > 0 ? illicit / train.length : 0;
  return {
    rateOf(importer) {
      const c = importer === undefined ? undefined : counts.get(importer);
      return c ? c.illicit / c.n : prior;
    },
  };
}
