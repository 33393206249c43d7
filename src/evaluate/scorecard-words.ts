import { binLabel, type Bin } from './binning.js';

/**
 * A scorecard bin in an officer's words, as its rule's reason: what the fact
 * is and the consignment's value (a `{{fact}}` placeholder) — "importer risk
 * points 14.2"; the band is the rule's name. Short, since the decision's one
 * scorecard hit quotes five of them. No training statistics: the
 * rule's description carries those, and a single bin's rate can point the
 * other way from its points (the fit weighs every fact together).
 */
export function binReason(fact: string, bin: Bin, description?: string): string {
  const subject = subjectOf(fact, description);
  switch (bin.kind) {
    case 'missing':
      return `${subject} unknown`;
    case 'range':
      return `${subject} {{${fact}}}`;
    case 'category':
      return typeof bin.value === 'boolean' ? `${subject}: ${bin.value ? 'yes' : 'no'}` : `${subject} ${bin.value}`;
    case 'other':
      return `${subject} {{${fact}}} (${binLabel(fact, bin).slice(fact.length + 1)})`;
  }
}

const RISK_POINTS = /^Risk points of this (.+?)(?: \([^)]*\))?:/;
const Z_SCORE = /^Robust z-score of the declared (.+?) against its (\w+) norm/;

/** The fact named as an officer would: "origin × HS heading risk points", "value per kg against its HS6 norm, z". */
function subjectOf(fact: string, description?: string): string {
  const risk = description && RISK_POINTS.exec(description);
  if (risk) return `${risk[1]} risk points`;
  const z = description && Z_SCORE.exec(description);
  if (z) return `${z[1]} against its ${z[2]} norm, z =`;
  // Booleans read by their name: isNewImporter → "new importer".
  if (/^is[A-Z]/.test(fact)) return words(fact.slice(2));
  if (description) return lowerFirst(description.replace(/\s*\([^)]*\)/g, ''));
  return words(fact);
}

function words(name: string): string {
  return name
    .replace(/\./g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}
