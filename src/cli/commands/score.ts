import type { Command } from 'commander';
import { addMappingOptions, createRowMapper, ErrorBudget, inFileTerms } from '../../declaration/mapping.js';
import { readConsignments, rejectionLine } from '../../declaration/read.js';
import { applyCapacity, parseCapacity } from '../../decision/capacity.js';
import type { Channel, Decision } from '../../decision/decision.js';
import { loadSetting } from '../../config/load.js';
import { SETTINGS } from '../../config/settings.js';
import { archiveRuleSet } from '../../ruleset/archive.js';
import { countRecordsIfLarge } from '../count-records.js';
import { ndjsonWriter } from '../ndjson-writer.js';
import { progressBar } from '../progress.js';
import { addScoringOptions, deciderOf, engineFromOptions, type ScoringOptions } from '../scoring-options.js';

interface ScoreOptions extends ScoringOptions {
  out?: string;
  maxErrors?: number;
  capacity?: string;
}

export function register(program: Command): void {
  addMappingOptions(
    addScoringOptions(
      program
        .command('score')
        .description('score a CSV or NDJSON file of consignments; one NDJSON decision (or rejection) per record')
        .argument('<file>', 'consignments, CSV with a header row or NDJSON'),
    ),
  )
    .option('--out <file>', 'write NDJSON here instead of stdout')
    .option('--capacity <share>', 'red for the top share of each day by score (e.g. 5%) instead of the red threshold')
    .action(async (file: string, opts: ScoreOptions) => {
      const engine = await engineFromOptions(opts);
      const decider = deciderOf(engine, opts.engine);
      const { ruleset, mapping } = engine;
      const mapRow = opts.mapping ? createRowMapper(mapping, file) : undefined;
      // Without --max-errors every bad record is reported and the run goes on; with it, a wrong file stops early.
      const budget = opts.maxErrors !== undefined ? new ErrorBudget({ maxErrors: opts.maxErrors, file }) : undefined;
      // Before the first decision: every decision must be re-explainable from its rule-set id.
      archiveRuleSet(ruleset, loadSetting(SETTINGS.archiveDir, process.env));
      const capacity = opts.capacity !== undefined ? parseCapacity(opts.capacity) : undefined;
      const out = ndjsonWriter(opts.out);
      const bar = progressBar('scoring', await countRecordsIfLarge(file));
      // With a capacity, red is the top share of each day: every decision of the file is known before any is written.
      const held: ({ decision: Decision; date?: string } | { line: Record<string, unknown> })[] = [];
      const counts: Record<Channel, number> = { red: 0, yellow: 0, green: 0 };
      let randomRed = 0;
      const count = (d: Decision) => {
        counts[d.channel]++;
        if (d.selection === 'random') randomRed++;
      };
      const emit = (o: (typeof held)[number]) => {
        if (capacity !== undefined) return void held.push(o);
        if ('decision' in o) count(o.decision);
        return out.write('line' in o ? o.line : o.decision);
      };
      let rejected = 0;
      for await (const item of readConsignments(file, { mapRow })) {
        bar.tick();
        if ('error' in item) {
          rejected++;
          budget?.reject(item.error);
          // Errors name the file's own columns, not our role names.
          await emit({
            line: rejectionLine(mapRow ? { ...item, error: inFileTerms(item.error, mapping, file) } : item),
          });
          continue;
        }
        budget?.ok();
        try {
          await emit({ decision: await decider.decide(item.consignment), date: item.consignment.date });
        } catch (e) {
          // A rule that throws on this record's values (json-rules-engine would reject too): report, go on.
          rejected++;
          await emit({
            line: { line: item.line, id: item.consignment.id, error: `scoring failed: ${(e as Error).message}` },
          });
        }
      }
      bar.stop();
      if (capacity !== undefined) {
        const decided = held.filter((o): o is { decision: Decision; date?: string } => 'decision' in o);
        const selected = applyCapacity(decided, capacity, ruleset.thresholds);
        let i = 0;
        for (const o of held) await out.write('line' in o ? o.line : selected[i++]);
        for (const d of selected) count(d);
      }
      await out.close();
      const scored = counts.red + counts.yellow + counts.green;
      process.stderr.write(
        `scored ${scored} (red ${counts.red}${randomRed ? `, of them ${randomRed} at random` : ''}, yellow ${counts.yellow}, green ${counts.green}), rejected ${rejected} — rule set ${decider.rulesetId}\n`,
      );
    });
}
