import type { ErrorBudget, Mapping } from '../declaration/mapping.js';
import { ProfileBuilder } from './build.js';
import { readLabelledBatches } from './history.js';
import { writeProfile, type ProfileBody, type ProfileSettings } from './profile.js';

export interface BuildFileOptions {
  mapping?: Mapping;
  budget?: ErrorBudget;
  settings?: Partial<ProfileSettings>;
  /** Called after each batch with the rows read so far. */
  onProgress?: (rows: number) => void;
}

/** Reads a labelled history file, builds its profile and writes it; returns the profile's id and body. */
export async function buildProfileFile(
  history: string,
  out: string,
  opts: BuildFileOptions = {},
): Promise<{ id: string; body: ProfileBody }> {
  const builder = new ProfileBuilder({ mapping: opts.mapping, file: history, settings: opts.settings });
  for await (const batch of readLabelledBatches(history, opts.mapping, { budget: opts.budget })) {
    for (const row of batch) builder.add(row);
    opts.onProgress?.(builder.rows);
  }
  const { body } = builder.finish();
  return { id: writeProfile(out, body), body };
}
