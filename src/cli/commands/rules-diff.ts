import type { Command } from 'commander';
import { addMappingOptions, ErrorBudget, mappingFromOptions } from '../../declaration/mapping.js';
import type { Decider } from '../../decision/decision.js';
import { mappingFacts } from '../../features/profile-facts.js';
import { readLabelledBatches } from '../../features/history.js';
import { diffRuleSets } from '../../ruleset/diff.js';
import { ImpactAccumulator } from '../../evaluate/diff-impact.js';
import { renderImpact } from '../../evaluate/diff-impact-render.js';
import { renderRuleSetDiff } from '../../ruleset/diff-render.js';
import { loadRuleSet } from '../../ruleset/load.js';
import type { LoadedRuleSet } from '../../ruleset/types.js';
import { countRecordsIfLarge } from '../count-records.js';
import { progressBar } from '../progress.js';
import { engineFromOptions } from '../scoring-options.js';

interface DiffOptions {
  data?: string;
  mapping?: string;
  maxErrors?: number;
  includeDrafts?: boolean;
  watchlists?: string;
  sample: string;
  json?: boolean;
}

/** `targeting rules diff OLD NEW --data FILE`: what changed in the rules, and what it does to the flow. */
export function registerRuleDiff(rules: Command): void {
  const cmd = rules
    .command('diff')
    .description(
      'compare two rule sets: rules added, removed, changed (condition by condition) and, on data, the channel changes they cause',
    )
    .argument('<old>', 'the rule set in force (directory or file)')
    .argument('<new>', 'the proposed rule set (directory or file)')
    .option(
      '--data <file>',
      'consignments (CSV or NDJSON) to score with both; labelled data (an illicit column) adds precision@n',
    )
    .option('--include-drafts', 'run draft rules too (trial them before activating)')
    .option(
      '--watchlists <dir>',
      "watchlists for both (default: each rule set's own watchlists/ folder)",
      process.env.WATCHLISTS_DIR,
    )
    .option('--sample <n>', 'changed decisions to show', '10')
    .option('--json', 'print JSON for tools');
  addMappingOptions(cmd).action(async (oldPath: string, newPath: string, opts: DiffOptions) => {
    // A mapping's extra columns are facts the rules may use.
    const load = { includeDrafts: opts.includeDrafts, extraFacts: mappingFacts(mappingFromOptions(opts)) };
    const before = loadRuleSet(oldPath, load);
    const after = loadRuleSet(newPath, load);
    const diff = diffRuleSets(before.source, after.source);
    const started = Date.now();
    const sides = opts.data ? [await decider(before, oldPath, opts), await decider(after, newPath, opts)] : [];
    const data = opts.data ? await scoreBoth(opts.data, sides[0].decider, sides[1].decider, opts) : undefined;
    const watchlists = sides.map((s) => s.watchlists ?? 'none');
    const seconds = (Date.now() - started) / 1000;
    if (opts.json) {
      process.stdout.write(
        JSON.stringify(
          {
            old: before.id,
            new: after.id,
            ...diff,
            ...(data
              ? {
                  data: {
                    file: opts.data,
                    watchlists: { old: watchlists[0], new: watchlists[1] },
                    rejected: data.rejected,
                    seconds,
                    ...data.impact,
                  },
                }
              : {}),
          },
          null,
          2,
        ) + '\n',
      );
      return;
    }
    process.stdout.write(renderRuleSetDiff(before, after, diff));
    if (data)
      process.stdout.write(
        `\nWatchlists: old ${watchlists[0]}, new ${watchlists[1]}\n` +
          renderImpact(opts.data!, data.impact, data.rejected, seconds),
      );
  });
}

async function decider(
  ruleset: LoadedRuleSet,
  path: string,
  opts: DiffOptions,
): Promise<{ decider: Decider; watchlists?: string }> {
  const engine = await engineFromOptions({ rules: path, watchlists: opts.watchlists }, { rules: ruleset });
  return { decider: engine.decider, ...(engine.watchlistsId ? { watchlists: engine.watchlistsId } : {}) };
}

/** One pass over the data: each consignment decided by both rule sets, compared, then dropped. */
async function scoreBoth(file: string, before: Decider, after: Decider, opts: DiffOptions) {
  const impact = new ImpactAccumulator(Number(opts.sample) || 0);
  const budget = new ErrorBudget({ file, maxErrors: opts.maxErrors });
  const bar = progressBar('comparing', await countRecordsIfLarge(file));
  const decidedAt = new Date();
  let failed = 0;
  for await (const batch of readLabelledBatches(file, mappingFromOptions(opts), { budget })) {
    for (const row of batch) {
      bar.tick();
      try {
        // Unlabelled rows (not inspected) count in the flow, not in precision.
        const outcome = row.illicit === undefined ? undefined : { illicit: row.illicit === 1 };
        impact.add(before.decide(row.consignment, decidedAt), after.decide(row.consignment, decidedAt), outcome);
      } catch {
        // A rule that throws on this record's values: counted, not compared.
        failed++;
      }
    }
  }
  bar.stop();
  return { impact: impact.result(), rejected: budget.errors + failed };
}
