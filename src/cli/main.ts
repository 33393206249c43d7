#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { COMMANDS, invokedCommand } from './commands/index.js';
import { reportFailure, quietOnClosedPipe } from './failure.js';
import { logSettings } from '../config/load.js';
import { configureLogging } from '../log.js';
import { projectRoot } from '../project-root.js';

/** The package's version, from the project root's package.json (from src/ or from dist/src/ alike). */
function packageVersion(): string {
  const file = join(projectRoot(), 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : 'unknown';
}

const program = new Command('targeting')
  .description("Customs risk targeting: score consignments with analysts' rule sets and statistical profiles")
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError()
  // Options after a subcommand belong to it: `bench e2e --json` is e2e's --json, not bench's.
  .enablePositionalOptions();

quietOnClosedPipe();
configureLogging(logSettings(process.env));

async function main(): Promise<void> {
  const invoked = invokedCommand(process.argv.slice(2));
  for (const entry of COMMANDS) {
    if (entry === invoked) (await entry.load()).register(program);
    else program.command(entry.name).summary(entry.summary);
  }
  program.commands.find((c) => c.name() === invoked?.name)?.summary(invoked!.summary);
  await program.parseAsync(process.argv);
}

main().catch(reportFailure);
