import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { csvLine } from '../../share/csv.js';
import {
  DEFAULT_DECISION_FIELDS,
  DEFAULT_IDENTIFIERS,
  DEFAULT_WATCHLIST_FIELDS,
  shareRecord,
  shareWatchlistEntry,
  type SharePolicy,
} from '../../share/export.js';
import { importPartnerExport } from '../../share/import.js';
import { createPseudonymiser, keyFromEnv } from '../../share/pseudonymise.js';
import { readDecisions } from '../../share/read-decisions.js';
import { WATCHLIST_COLUMNS } from '../../watchlist/entry.js';
import { readWatchlistFile } from '../../watchlist/read.js';
import { toEntry } from '../../watchlist/validate.js';

interface ShareOptions {
  keyEnv?: string;
  fields?: string[];
  pseudonymise?: string;
  source?: string;
  out?: string;
}

interface ImportOptions {
  into: string;
  name?: string;
  source?: string;
  pseudonymise?: string;
}

const list = (text?: string | string[]): string[] =>
  [text ?? []]
    .flat()
    .flatMap((t) => t.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

/** Identifier fields: the defaults, REDACT_FIELDS (what logs hide is not shared in clear either) and --pseudonymise. */
function identifiers(extra?: string): string[] {
  return [...new Set([...DEFAULT_IDENTIFIERS, ...list(process.env.REDACT_FIELDS), ...list(extra)])];
}

export function register(program: Command): void {
  const share = program
    .command('share')
    .description(
      'export decisions (NDJSON) or watchlist entries (CSV) for a partner administration, identifiers pseudonymised',
    )
    .argument(
      '<decisions>',
      'decisions NDJSON file, or a watchlist CSV (type,id,source,reason,validUntil,confidentiality)',
    )
    // Checked in the action: a required option here would also be demanded by `share import`.
    .option('--key-env <VAR>', 'environment variable holding the HMAC key agreed with the partner (required)')
    .option(
      '--fields <fields...>',
      `whitelist of fields to share (decisions default: ${DEFAULT_DECISION_FIELDS.join(',')}; watchlists: all columns)`,
    )
    .option(
      '--pseudonymise <list>',
      `more identifier fields to tokenise (always: ${DEFAULT_IDENTIFIERS.join(',')} and REDACT_FIELDS)`,
    )
    .option('--source <name>', 'our administration, written as the source of shared watchlist entries')
    .option('--out <file>', 'write here instead of stdout')
    .action(async (input: string, opts: ShareOptions) => {
      if (!opts.keyEnv) {
        throw new ConfigError(
          'MISSING_KEY',
          '--key-env is required',
          { field: '--key-env' },
          'name the environment variable that holds the key agreed with the partner',
        );
      }
      const pseudonymiser = createPseudonymiser(keyFromEnv(opts.keyEnv, process.env));
      // Decisions files may be named .json: only a CSV is taken for a watchlist.
      const isWatchlist = /\.csv$/i.test(input);
      const policy: SharePolicy = {
        pseudonymiser,
        fields: list(opts.fields).length
          ? list(opts.fields)
          : isWatchlist
            ? DEFAULT_WATCHLIST_FIELDS
            : DEFAULT_DECISION_FIELDS,
        identifiers: identifiers(opts.pseudonymise),
        ...(opts.source ? { source: opts.source } : {}),
      };
      const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
      let shared = 0;
      let skipped = 0;
      if (isWatchlist) {
        out.write(csvLine(WATCHLIST_COLUMNS));
        for (const { line, entry } of readWatchlistFile(input).map(toEntry)) {
          const result = shareWatchlistEntry(entry, policy);
          if ('skipped' in result) {
            skipped++;
            process.stderr.write(`${input}:${line}: not shared: ${result.skipped}\n`);
            continue;
          }
          out.write(csvLine(WATCHLIST_COLUMNS.map((c) => result.entry[c])));
          shared++;
        }
      } else {
        for await (const decision of readDecisions(input)) {
          out.write(`${JSON.stringify(shareRecord(decision, policy))}\n`);
          shared++;
        }
      }
      if (opts.out)
        await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      process.stderr.write(
        `shared ${shared} ${isWatchlist ? 'watchlist entries' : 'decisions'}${skipped ? `, ${skipped} not shared` : ''} (key id ${pseudonymiser.keyId}; fields: ${policy.fields.join(',')})\n`,
      );
    });

  share
    .command('import')
    .description("Import a partner's watchlist export into the rule set's watchlists, keeping its tokens")
    .argument('<export>', "the partner's CSV export (type,id,source,reason,validUntil,confidentiality)")
    .option('--into <dir>', 'watchlist directory', 'rules/watchlists')
    .option('--name <name>', 'file name without .csv (default partner-<source>)')
    .option('--source <admin>', 'partner administration, for rows that do not name one')
    .option('--pseudonymise <list>', 'more entry types that must arrive as tokens')
    .action((file: string, opts: ImportOptions) => {
      const result = importPartnerExport(file, {
        into: opts.into,
        identifiers: identifiers(opts.pseudonymise),
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.source ? { source: opts.source } : {}),
      });
      for (const r of result.refused) process.stderr.write(`${file}:${r.line}: refused: ${r.reason}\n`);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.refused.length) process.exitCode = 1;
    });
}
