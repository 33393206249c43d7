import type { Command } from 'commander';
import { register as bench } from './bench.js';
import { register as dataset } from './dataset.js';
import { register as evaluate } from './evaluate.js';
import { register as explain } from './explain.js';
import { register as features } from './features.js';
import { register as profile } from './profile.js';
import { register as rules } from './rules.js';
import { register as score } from './score.js';
import { register as worker } from './worker.js';
import { register as submit } from './submit.js';
import { register as results } from './results.js';
import { register as audit } from './audit.js';
import { register as share } from './share.js';
import { register as dashboard } from './dashboard.js';
import { register as model } from './model.js';

/** Each command module adds itself to the program; one line per command file. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  score,
  rules,
  features,
  dataset,
  profile,
  bench,
  explain,
  evaluate,
  worker,
  submit,
  results,
  audit,
  share,
  dashboard,
  model,
];
