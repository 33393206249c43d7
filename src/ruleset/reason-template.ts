import { applyPath, parsePath, type PathStep } from './path.js';

/** `{{fact}}` placeholders in a rule's reason, filled with the consignment's values. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * Prepares a reason for rendering: placeholders are resolved to facts (and paths)
 * once, when the rule set is compiled, not per consignment.
 */
export function compileReason(
  template: string,
  isFact: (f: string) => boolean,
): (valueOf: (fact: string) => unknown) => string {
  // Literal text and resolved placeholders alternate: [text, placeholder, text, …, text].
  const texts: string[] = [];
  const refs: { fact: string; steps?: PathStep[]; raw: string }[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    texts.push(template.slice(last, m.index));
    const ref = splitPlaceholder(m[1], isFact);
    refs.push({ fact: ref?.fact ?? m[1], steps: ref?.path ? parsePath(ref.path) : undefined, raw: m[1] });
    last = m.index + m[0].length;
  }
  texts.push(template.slice(last));
  if (refs.length === 0) return () => template;
  return (valueOf) => {
    let out = texts[0];
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i];
      const v = valueOf(r.fact);
      out += formatValue(r.steps ? applyPath(v, r.steps) : v) + texts[i + 1];
    }
    return out;
  };
}

/**
 * A fact value that says itself in words in a reason (a model's drivers): the
 * text sits under this symbol, which JSON, the audit and explain never see.
 */
export const REASON_TEXT = Symbol.for('customs-targeting.reason-text');

function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'unknown';
  if (typeof v === 'object' && REASON_TEXT in v) return String((v as Record<symbol, unknown>)[REASON_TEXT]);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, '');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * `{{watchlist.importer.source}}` names the fact `watchlist.importer` and the
 * path `$.source` inside its value: the longest known fact name wins.
 */
export function splitPlaceholder(
  name: string,
  isFact: (f: string) => boolean,
): { fact: string; path?: string } | undefined {
  const parts = name.split('.');
  for (let n = parts.length; n > 0; n--) {
    const fact = parts.slice(0, n).join('.');
    if (isFact(fact)) return n === parts.length ? { fact } : { fact, path: `$.${parts.slice(n).join('.')}` };
  }
  return undefined;
}
