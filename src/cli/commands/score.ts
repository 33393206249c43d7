import { Option, type Command } from 'commander';
import { addMappingOptions, createRowMapper, ErrorBudget, inFileTerms } from '../../declaration/mapping.js';
import { rejectionLine } from '../../declaration/read.js';
import { readDeclarations } from '../../declaration/read-declarations.js';
import { INPUT_FORMATS, type InputFormat } from '../../declaration/read-lines.js';
import { renderDeclarationSummary } from '../../explain/declaration-summary.js';
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
  format?: InputFormat;
  explainItems?: boolean;
  maxErrors?: number;
  capacity?: string;
}

export function register(program: Command): void {
  addMappingOptions(
    addScoringOptions(
      program
        .command('score')
        .description(
          'score a CSV, NDJSON or WCO DM XML file of declarations; one NDJSON decision (or rejection) per declaration',
        )
        .argument('<file>', 'declarations: CSV with a header row, NDJSON, or WCO DM 3.x DEC XML'),
    ),
  )
    .addOption(
      new Option(
        '--format <format>',
        'input format (default: from the extension; XML detected by its first character)',
      ).choices(INPUT_FORMATS),
    )
    .option('--explain-items', 'print on stderr, per declaration, its items and which one drove the channel and why')
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
      let recorded = 0;
      for await (const item of readDeclarations(file, { mapRow, format: opts.format })) {
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
        const d = item.declaration;
        if (d.function === 'cancellation') {
          // Recorded, not scored: the declaration it cancels keeps its decision, and the log says it was cancelled.
          recorded++;
          await emit({
            line: { id: d.id, function: 'cancellation', ...(d.message ? { message: d.message } : {}), recorded: true },
          });
          continue;
        }
        try {
          const decision = await decider.decide(d);
          if (opts.explainItems) process.stderr.write(renderDeclarationSummary(d, decision));
          await emit({ decision, date: d.items[0].date });
        } catch (e) {
          // A rule that throws on this record's values (json-rules-engine would reject too): report, go on.
          rejected++;
          await emit({
            line: { line: item.line, id: d.id, error: `scoring failed: ${(e as Error).message}` },
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
        `scored ${scored} (red ${counts.red}${randomRed ? `, of them ${randomRed} at random` : ''}, yellow ${counts.yellow}, green ${counts.green}), rejected ${rejected}${recorded ? `, cancellations recorded ${recorded}` : ''} — rule set ${ruleset.id}\n`,
      );
    });
}
