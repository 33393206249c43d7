import type { ConditionTrace } from './trace.js';
import type { Explanation, RuleTrace } from './explain.js';

const MARK = { pass: '✔', fail: '✘', skipped: '·' };
const MAX_VALUE = 80;

/** A value as an analyst reads it: JSON, cut short when long (watchlist entries). */
export function formatValue(v: unknown): string {
  if (v === undefined) return 'missing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text;
}

function mark(evaluated: boolean, result?: boolean): string {
  if (!evaluated) return MARK.skipped;
  return result ? MARK.pass : MARK.fail;
}

/** One line per condition, indented by depth; short-circuited conditions say so. */
export function renderConditions(c: ConditionTrace, indent = '    '): string[] {
  if (c.kind === 'fact') {
    const left = `${c.fact}${c.path ? ` ${c.path}` : ''}`;
    const expected =
      c.value !== null && typeof c.value === 'object' && !Array.isArray(c.value) && 'fact' in c.value
        ? `${(c.value as { fact: string }).fact}${c.evaluated ? ` (${formatValue(c.valueResult)})` : ''}`
        : formatValue(c.value);
    const actual = c.evaluated ? formatValue(c.factValue) : '';
    const tail = c.evaluated ? '' : '   (not evaluated: decided before it)';
    return [
      `${indent}${mark(c.evaluated, c.result)} ${left}${c.evaluated ? ` = ${actual}` : ''}   ${c.operator} ${expected}${tail}`,
    ];
  }
  const head = `${indent}${mark(c.evaluated, c.result)} ${c.kind}${c.evaluated ? '' : '   (not evaluated)'}`;
  const kids = c.kind === 'not' ? [c.child] : c.children;
  return [head, ...kids.flatMap((k) => renderConditions(k, `${indent}  `))];
}

const LABEL: Record<RuleTrace['outcome'], string> = {
  fired: 'FIRED',
  'not-fired': 'not fired',
  'not-in-effect': 'not in effect',
  draft: 'draft',
  retired: 'retired',
};

export function renderRule(r: RuleTrace, day?: string): string[] {
  const extras: string[] = [];
  if (r.outcome === 'fired' && r.points !== undefined) extras.push(`+${r.points}`);
  if (r.outcome === 'fired' && r.channel) extras.push(`forces ${r.channel}`);
  if (r.outcome === 'draft') extras.push(r.wouldFire ? 'would fire if active' : 'would not fire');
  if (r.outcome === 'not-in-effect')
    extras.push(`in effect ${r.effectiveFrom ?? '…'} to ${r.effectiveTo ?? '…'}${day ? `, judged on ${day}` : ''}`);
  const lines = [`${LABEL[r.outcome].padEnd(13)} ${r.name}${extras.length ? `  (${extras.join(', ')})` : ''}`];
  if (r.reason) lines.push(`    “${r.reason}”`);
  return [...lines, ...renderConditions(r.conditions)];
}

/** The whole explanation for a terminal: the decision, then every rule in evaluation order. */
export function renderExplanation(e: Explanation): string {
  const d = e.decision;
  const ids = [e.ruleset, e.profile, e.watchlists].filter(Boolean).join(', ');
  const out = [
    `Consignment ${e.consignment}, judged on ${e.day} with ${ids}`,
    `Decision: ${d.channel.toUpperCase()}  score ${d.score}  (red ≥ ${e.thresholds.red}, yellow ≥ ${e.thresholds.yellow})${d.selection ? `  selected: ${d.selection}` : ''}`,
    `Legend: ${MARK.pass} passed  ${MARK.fail} failed  ${MARK.skipped} not evaluated (short-circuit)`,
    '',
  ];
  for (const r of e.rules) out.push(...renderRule(r, e.day), '');
  const fired = e.rules.filter((r) => r.outcome === 'fired').length;
  out.push(`${fired} of ${e.rules.length} rules fired`);
  return out.join('\n') + '\n';
}
