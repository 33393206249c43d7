import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { toDeclaration } from '../../declaration/declaration.js';
import { drivingItem } from '../../decision/declaration-decision.js';
import { renderDeclarationSummary } from '../../explain/declaration-summary.js';
import type { Decision } from '../../decision/decision.js';
import { ConfigError, RecordError } from '../../errors.js';
import { ProfileLookup } from '../../features/lookup.js';
import { loadProfile } from '../../features/profile.js';
import type { Explanation } from '../../explain/explain.js';
import { renderExplanation } from '../../explain/render.js';
import { ruleSetForDecision } from '../../ruleset/archive.js';
import { addScoringOptions, engineFromOptions, type ScoringOptions } from '../scoring-options.js';

interface ExplainOptions extends ScoringOptions {
  json?: boolean;
  decision?: string;
  archive?: string;
}

export function register(program: Command): void {
  addScoringOptions(
    program
      .command('explain')
      .description(
        'show, for every rule, fired or not, each condition: the fact value, operator, expected value and result',
      )
      .argument(
        '[consignment]',
        'a consignment as a JSON object, a file or - for stdin (with --decision: optional when the decision file holds it)',
      ),
  )
    .option('--decision <file>', 're-explain a recorded decision with the archived rule set that made it')
    .option(
      '--archive <dir>',
      'rule-set archive (default: RULES_ARCHIVE or <rules>/.archive)',
      process.env.RULES_ARCHIVE,
    )
    .option('--json', 'print JSON for tools')
    .action(async (input: string | undefined, opts: ExplainOptions) => {
      const recorded = opts.decision ? readDecision(opts.decision) : undefined;
      const profile = opts.profile
        ? new ProfileLookup(loadProfile(profileFile(opts.profile, recorded?.decision.profile)))
        : undefined;
      const raw = input !== undefined ? readJson(input) : recorded?.consignment;
      if (raw === undefined) {
        throw new ConfigError(
          'NO_CONSIGNMENT',
          'no consignment to explain',
          { field: 'consignment' },
          'pass the consignment file (or - for stdin)',
        );
      }
      const declaration = toDeclaration(raw, { file: input });
      const consignment = declaration.items[0];
      const engine = await engineFromOptions(opts, {
        ...(recorded
          ? { rules: ruleSetForDecision(recorded.decision.ruleset, { rules: opts.rules, archive: opts.archive }) }
          : {}),
        ...(profile ? { profile } : {}),
      });
      const decidedAt = recorded ? new Date(recorded.decision.decidedAt) : undefined;
      if (!declaration.flat) {
        // A declaration with items: its decision, its items, and the trace of the item that drove the channel.
        const at = decidedAt ?? new Date();
        const decision = engine.declarations.decide(declaration, at);
        const traces = [];
        for (const c of declaration.items) traces.push(await engine.explain(c, at));
        if (opts.json) {
          process.stdout.write(JSON.stringify({ decision, items: traces }, null, 2) + '\n');
          return;
        }
        const driver = drivingItem(decision)!;
        process.stdout.write(renderDeclarationSummary(declaration, decision));
        process.stdout.write(`\nItem ${driver.item}, rule by rule:\n`);
        process.stdout.write(
          renderExplanation(traces[declaration.items.findIndex((c) => c.itemNumber === driver.item)]),
        );
        return;
      }
      const explanation = await engine.explain(consignment, decidedAt);
      const differences = recorded ? compareDecisions(recorded.decision, explanation) : [];
      if (opts.json) {
        const out = recorded
          ? { ...explanation, recorded: recorded.decision, reproduced: differences.length === 0, differences }
          : explanation;
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
        return;
      }
      process.stdout.write(renderExplanation(explanation));
      if (recorded) {
        process.stdout.write(
          differences.length === 0
            ? `\nReproduces the recorded decision of ${recorded.decision.decidedAt} (${recorded.decision.channel}, score ${recorded.decision.score}).\n`
            : `\nDiffers from the recorded decision of ${recorded.decision.decidedAt}:\n${differences.map((d) => `  ${d}\n`).join('')}`,
        );
      }
    });
}

function readJson(input: string): unknown {
  const text = readFileSync(input === '-' ? 0 : input, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new RecordError(
      'BAD_JSON',
      `not JSON (${(e as Error).message})`,
      { file: input },
      'give one consignment as a JSON object',
    );
  }
}

/**
 * A decision file: one decision object, or NDJSON of decisions (the first is
 * taken). A `consignment` field, when the store kept it, spares the argument.
 */
function readDecision(file: string): { decision: Decision; consignment?: unknown } {
  const text = readFileSync(file, 'utf8').trim();
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text.startsWith('{') && text.includes('\n{') ? text.slice(0, text.indexOf('\n{')) : text);
  } catch (e) {
    throw new RecordError(
      'BAD_JSON',
      `not a decision (${(e as Error).message})`,
      { file },
      'pass one decision as written by score or the worker',
    );
  }
  const decision = (value.decision && typeof value.decision === 'object' ? value.decision : value) as Decision;
  if (typeof decision.ruleset !== 'string' || typeof decision.decidedAt !== 'string') {
    throw new RecordError(
      'BAD_DECISION',
      'the decision has no "ruleset" or "decidedAt"',
      { file },
      'pass a decision as written by score or the worker',
    );
  }
  return { decision, consignment: value.consignment };
}

/** With a recorded decision, `--profile DIR` finds the profile it was made with by its id. */
function profileFile(path: string, id: string | undefined): string {
  if (!id || !statSync(path).isDirectory()) return path;
  const file = join(path, `${id}.json`);
  if (!existsSync(file))
    throw new ConfigError(
      'PROFILE_NOT_FOUND',
      `no profile ${id} in ${path}`,
      { file },
      'pass --profile with the profile file the decision was made with',
    );
  return file;
}

function compareDecisions(recorded: Decision, e: Explanation): string[] {
  const now = e.decision;
  const out: string[] = [];
  if (recorded.profile !== e.profile)
    out.push(
      `profile: recorded ${recorded.profile ?? 'none'}, explained with ${e.profile ?? 'none'} — pass --profile with the profile the decision was made with`,
    );
  if (recorded.id !== now.id) out.push(`consignment: recorded ${recorded.id}, explained ${now.id}`);
  if (recorded.channel !== now.channel) out.push(`channel: recorded ${recorded.channel}, now ${now.channel}`);
  if (recorded.score !== now.score) out.push(`score: recorded ${recorded.score}, now ${now.score}`);
  const a = (recorded.hits ?? []).map((h) => h.rule).join(', ');
  const b = now.hits.map((h) => h.rule).join(', ');
  if (a !== b)
    out.push(
      `rules fired: recorded [${a}], now [${b}] — ${recorded.profile || e.watchlists ? 'profile or watchlists may differ from those of the day' : 'check the consignment is the one decided'}`,
    );
  return out;
}
