import type { Mapping } from '../declaration/mapping.js';
import { ErrorBudget } from '../declaration/mapping.js';
import { readLabelled, type LabelledRow } from '../features/history.js';
import type { Outcome } from './baselines.js';

export interface SplitFile {
  /** Every readable row (the profile learns from all of them). */
  rows: LabelledRow[];
  /** Rows with an inspection outcome: what is scored and measured. */
  labelled: Outcome[];
  /** Rows that carried a revenue value: revenue@n is null without any. */
  hasRevenue: boolean;
  rejected: number;
}

/** One side of the split (train or test) read through the mapping. */
export async function readSplitFile(file: string, mapping: Mapping, maxErrors?: number): Promise<SplitFile> {
  const budget = new ErrorBudget({ file, ...(maxErrors !== undefined ? { maxErrors } : {}) });
  const rows: LabelledRow[] = [];
  const labelled: Outcome[] = [];
  let hasRevenue = false;
  for await (const row of readLabelled(file, mapping, { budget })) {
    rows.push(row);
    if (row.revenue !== undefined) hasRevenue = true;
    if (row.illicit === undefined) continue;
    labelled.push({
      consignment: row.consignment,
      illicit: row.illicit === 1,
      ...(row.revenue !== undefined ? { revenue: row.revenue } : {}),
    });
  }
  return { rows, labelled, hasRevenue, rejected: budget.errors };
}
