import { renderRule } from '../explain/render.js';
import type { CaseResult } from './run.js';

/** The terminal report: a line per case; for a failing one, expected vs actual and the conditions that decided it. */
export function renderRuleTestReport(results: readonly CaseResult[]): string {
  const out: string[] = [];
  let file = '';
  for (const r of results) {
    if (r.case.file !== file) out.push((file = r.case.file));
    out.push(`  ${r.passed ? '✔' : '✘'} ${r.case.name}`);
    if (r.passed) continue;
    out.push(`      at ${r.case.file}:${r.case.line}`);
    for (const f of r.failures) out.push(`      ${f}`);
    const fired = r.decision.hits.map((h) => `${h.rule} (+${h.points})`).join(', ') || 'none';
    out.push(`      actual: ${r.decision.channel}, score ${r.decision.score}; rules fired: ${fired}`);
    for (const t of r.deciding) out.push(...renderRule(t).map((l) => `      ${l}`));
  }
  const failed = results.filter((r) => !r.passed).length;
  out.push('', `${results.length - failed} passed, ${failed} failed`);
  return out.join('\n') + '\n';
}

/** The same for tools: one object per case. */
export function ruleTestJson(results: readonly CaseResult[]): unknown {
  return {
    passed: results.filter((r) => r.passed).length,
    failed: results.filter((r) => !r.passed).length,
    cases: results.map((r) => ({
      name: r.case.name,
      file: r.case.file,
      line: r.case.line,
      passed: r.passed,
      failures: r.failures,
      decision: { channel: r.decision.channel, score: r.decision.score, fired: r.decision.hits.map((h) => h.rule) },
      ...(r.passed ? {} : { deciding: r.deciding }),
    })),
  };
}
