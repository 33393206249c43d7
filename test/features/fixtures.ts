import type { Consignment } from '../../src/declaration/record.js';
import type { LabelledRow } from '../../src/features/history.js';

/** A labelled row from a few fields; weight 1 kg unless given. */
export function row(
  fields: Partial<Consignment> & { id: string },
  illicit: 0 | 1,
  revenue = illicit ? 100 : 0,
): LabelledRow {
  return { line: 0, consignment: { weight: 1, extra: {}, ...fields }, illicit, revenue };
}

export function consignment(fields: Partial<Consignment>): Consignment {
  return { id: 'X', extra: {}, ...fields };
}
