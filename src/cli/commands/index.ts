import type { Command } from 'commander';
import { register as dataset } from './dataset.js';

/** Each command module adds itself to the program; one line per command file. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: RegisterCommand[] = [
  dataset,
];
