import type { Command } from 'commander';

/** A command module adds its command (options, help, action) to the program. */
export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  name: string;
  /** The one line `targeting --help` shows; the module's own description is its `--help`. */
  summary: string;
  /** Loaded only when the command runs (or its help is asked for): start-up stays fast whatever it imports. */
  load: () => Promise<{ register: RegisterCommand }>;
}

/** Every top-level command; one line each. */
export const COMMANDS: CommandEntry[] = [
  command('score', 'score a CSV or NDJSON file: one decision per record', () => import('./score.js')),
  command('rules', 'rule sets: validate, test, diff', () => import('./rules.js')),
  command('features', 'every fact a rule can use', () => import('./features.js')),
  command('dataset', 'generate synthetic labelled declarations', () => import('./dataset.js')),
  command('profile', 'build or describe a statistical profile', () => import('./profile.js')),
  command('bench', 'throughput benchmarks (bench --help lists them)', () => import('./bench.js')),
  command('explain', 'why a consignment got its decision, condition by condition', () => import('./explain.js')),
  command('evaluate', 'backtest and calibrate on labelled data', () => import('./evaluate.js')),
  command('worker', 'run a scoring worker on the queues', () => import('./worker.js')),
  command('submit', 'submit a file of consignments to the queue', () => import('./submit.js')),
  command('results', 'read decisions from the decisions queue', () => import('./results.js')),
  command('rejected', 'read rejected input from the rejected queue', () => import('./rejected.js')),
  command('audit', 'verify or trim the audit chain', () => import('./audit.js')),
  command('share', 'pseudonymised exchange with partner administrations', () => import('./share.js')),
  command('dashboard', 'bull-board on the queues', () => import('./dashboard.js')),
  command('model', 'train, import or describe a risk model', () => import('./model.js')),
  command('console', "the officers' console: worklist, declarations, results", () => import('./console.js')),
];

function command(name: string, summary: string, load: CommandEntry['load']): CommandEntry {
  return { name, summary, load };
}

/** The top-level command an argument list runs (`help score` asks for score's help), if any. */
export function invokedCommand(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}
