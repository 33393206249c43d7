import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { RowMapper } from '../../consignment/read.js';
import { readConsignments } from '../../consignment/read.js';
import { createDecider } from '../../decision/decide.js';
import type { Decider } from '../../decision/decision.js';
import { MappingError } from '../../errors.js';
import { diffRuleSets } from '../../ruleset/diff.js';
import { ImpactAccumulator, type Outcome } from '../../ruleset/diff-impact.js';
import { renderImpact, renderRuleSetDiff } from '../../ruleset/diff-render.js';
import { loadRuleSet } from '../../ruleset/load.js';
import type { LoadedRuleSet } from '../../ruleset/types.js';
import { indexWatchlists } from '../../watchlist/index-lookup.js';
import { countLinesIfLarge } from '../count-lines.js';
import { progressBar } from '../progress.js';
import { loadWatchlistOption } from '../scoring-options.js';

interface DiffOptions {
  data?: string;
  mapping?: string;
  includeDrafts?: boolean;
  watchlists?: string;
  sample: string;
  json?: boolean;
}

/** `targeting rules diff OLD NEW --data FILE`: what changed in the rules, and what it does to the flow. */
export function registerRuleDiff(rules: Command): void {
  rules
    .command('diff')
    .description('compare two rule sets: rules added, removed, changed (condition by condition) and, on data, the channel changes they cause')
    .argument('<old>', 'the rule set in force (directory or file)')
    .argument('<new>', 'the proposed rule set (directory or file)')
    .option('--data <file>', 'consignments (CSV or NDJSON) to score with both; labelled data (an illicit column) adds precision@n')
    .option('--mapping <file>', 'mapping file ({"columns": {field: column}}) when the data uses other column names')
    .option('--include-drafts', 'run draft rules too (trial them before activating)')
    .option('--watchlists <dir>', 'watchlists for both (default: each rule set\'s own watchlists/ folder)', process.env.WATCHLISTS_DIR)
    .option('--sample <n>', 'changed decisions to show', '10')
    .option('--json', 'print JSON for tools')
    .action(async (oldPath: string, newPath: string, opts: DiffOptions) => {
      const before = loadRuleSet(oldPath, { includeDrafts: opts.includeDrafts });
      const after = loadRuleSet(newPath, { includeDrafts: opts.includeDrafts });
      const diff = diffRuleSets(before.source, after.source);
      const started = Date.now();
      const sides = opts.data ? [decider(before, oldPath, opts), decider(after, newPath, opts)] : [];
      const data = opts.data ? await scoreBoth(opts.data, sides[0].decider, sides[1].decider, opts) : undefined;
      const watchlists = sides.map((s) => s.watchlists ?? 'none');
      const seconds = (Date.now() - started) / 1000;
      if (opts.json) {
        process.stdout.write(JSON.stringify({ old: before.id, new: after.id, ...diff, ...(data ? { data: { file: opts.data, watchlists: { old: watchlists[0], new: watchlists[1] }, rejected: data.rejected, seconds, ...data.impact } } : {}) }, null, 2) + '\n');
        return;
      }
      process.stdout.write(renderRuleSetDiff(before, after, diff));
      if (data) process.stdout.write(`\nWatchlists: old ${watchlists[0]}, new ${watchlists[1]}\n` + renderImpact(opts.data!, data.impact, data.rejected, seconds));
    });
}

function decider(ruleset: LoadedRuleSet, path: string, opts: DiffOptions): { decider: Decider; watchlists?: string } {
  const watchlists = loadWatchlistOption({ rules: path, watchlists: opts.watchlists });
  return { decider: createDecider({ ruleset, watchlists: watchlists && indexWatchlists(watchlists) }), watchlists: watchlists?.id };
}

/** One pass over the data: each consignment decided by both rule sets, compared, then dropped. */
async function scoreBoth(file: string, before: Decider, after: Decider, opts: DiffOptions) {
  const impact = new ImpactAccumulator(Number(opts.sample) || 0);
  const mapRow = opts.mapping ? columnMapper(opts.mapping) : undefined;
  const bar = progressBar('comparing', await countLinesIfLarge(file));
  const decidedAt = new Date();
  let rejected = 0;
  for await (const item of readConsignments(file, { mapRow })) {
    bar.tick();
    if ('error' in item) {
      rejected++;
      continue;
    }
    const c = item.consignment;
    try {
      impact.add(before.decide(c, decidedAt), after.decide(c, decidedAt), outcomeOf(c.extra));
    } catch {
      // A rule that throws on this record's values fails it in both runs alike: counted, not compared.
      rejected++;
    }
  }
  bar.stop();
  return { impact: impact.result(), rejected };
}

/** Labels travel in the record's extra attributes: `illicit` (1/0, true/false) and `revenue`. */
function outcomeOf(extra: Record<string, unknown>): Outcome | undefined {
  const v = extra.illicit;
  if (v === undefined || v === '') return undefined;
  const illicit = v === true || v === 1 || v === '1' || v === 'true';
  const revenue = Number(extra.revenue);
  return Number.isFinite(revenue) ? { illicit, revenue } : { illicit };
}

/**
 * A mapping file's `columns` ({field: source column}) as a row mapper. Unmapped
 * columns pass through, so label columns need no entry.
 */
function columnMapper(file: string): RowMapper {
  let columns: Record<string, string>;
  try {
    columns = (JSON.parse(readFileSync(file, 'utf8')) as { columns?: Record<string, string> }).columns ?? {};
  } catch (e) {
    throw new MappingError('BAD_MAPPING', `unreadable mapping (${(e as Error).message})`, { file }, 'a mapping is {"columns": {"id": "DECLARATION_NO", …}}');
  }
  const pairs = Object.entries(columns);
  return (row) => {
    const out: Record<string, unknown> = { ...row };
    for (const [field, column] of pairs) {
      if (column === field) continue;
      out[field] = row[column];
      delete out[column];
    }
    return out;
  };
}
