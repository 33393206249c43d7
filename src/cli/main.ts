#!/usr/bin/env node
import { Command } from 'commander';
import { COMMANDS } from './commands/index.js';
import { TargetingError } from '../errors.js';
import { logSettings } from '../config/load.js';
import { configureLogging } from '../log.js';

configureLogging(logSettings(process.env));

const program = new Command('targeting')
  .description("Customs risk targeting: score consignments with analysts' rule sets and statistical profiles")
  .showHelpAfterError()
  // Options after a subcommand belong to it: `bench e2e --json` is e2e's --json, not bench's.
  .enablePositionalOptions();

for (const register of COMMANDS) register(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  // Errors a user can act on are printed as one line; anything else is a bug and keeps its stack.
  if (e instanceof TargetingError) {
    process.stderr.write(`error: ${e.message}\n`);
  } else {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
  process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
});
