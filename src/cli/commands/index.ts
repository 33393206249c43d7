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
  { name: 'score', summary: 'score a CSV or NDJSON file: one decision per record', load: () => import('./score.js') },
  { name: 'rules', summary: 'rule sets: validate, test, diff', load: () => import('./rules.js') },
  { name: 'features', summary: 'every fact a rule can use', load: () => import('./features.js') },
  { name: 'dataset', summary: 'generate synthetic labelled declarations', load: () => import('./dataset.js') },
  { name: 'profile', summary: 'build or describe a statistical profile', load: () => import('./profile.js') },
  { name: 'bench', summary: 'throughput benchmarks (bench --help lists them)', load: () => import('./bench.js') },
  {
    name: 'explain',
    summary: 'why a consignment got its decision, condition by condition',
    load: () => import('./explain.js'),
  },
  { name: 'evaluate', summary: 'backtest and calibrate on labelled data', load: () => import('./evaluate.js') },
  { name: 'worker', summary: 'run a scoring worker on the queues', load: () => import('./worker.js') },
  { name: 'submit', summary: 'submit a file of consignments to the queue', load: () => import('./submit.js') },
  { name: 'results', summary: 'read decisions from the decisions queue', load: () => import('./results.js') },
  { name: 'rejected', summary: 'read rejected input from the rejected queue', load: () => import('./rejected.js') },
  { name: 'audit', summary: 'verify or trim the audit chain', load: () => import('./audit.js') },
  { name: 'share', summary: 'pseudonymised exchange with partner administrations', load: () => import('./share.js') },
  { name: 'dashboard', summary: 'bull-board on the queues', load: () => import('./dashboard.js') },
  { name: 'model', summary: 'train, import or describe a risk model', load: () => import('./model.js') },
  {
    name: 'console',
    summary: "the officers' console: worklist, declarations, results",
    load: () => import('./console.js'),
  },
];

/** The top-level command an argument list runs (`help score` asks for score's help), if any. */
export function invokedCommand(args: readonly string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}
