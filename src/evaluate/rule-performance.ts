/**
 * The "criterion performance" table customs analysts review: for each rule,
 * how often it fires on the test set and how often a hit was really illicit.
 */
export interface RulePerformance {
  rule: string;
  hits: number;
  /** hits / rows evaluated. */
  hitRate: number;
  /** Illicit share among the rule's hits; 0 for a rule that never fires. */
  precision: number;
}

export interface RuleHitRow {
  illicit: boolean;
  /** Names of the rules that fired on this declaration. */
  rules: readonly string[];
}

/**
 * Every rule named in `ruleNames` gets a line, even one that never fired: a
 * silent rule is something an analyst needs to see. Order: most hits first,
 * then by name.
 */
export function rulePerformance(rows: readonly RuleHitRow[], ruleNames: readonly string[]): RulePerformance[] {
  const tally = new Map<string, { hits: number; illicit: number }>();
  for (const name of ruleNames) tally.set(name, { hits: 0, illicit: 0 });
  for (const row of rows) {
    for (const name of row.rules) {
      const t = tally.get(name) ?? { hits: 0, illicit: 0 };
      t.hits++;
      if (row.illicit) t.illicit++;
      tally.set(name, t);
    }
  }
  return [...tally]
    .map(([rule, t]) => ({
      rule,
      hits: t.hits,
      hitRate: rows.length > 0 ? t.hits / rows.length : 0,
      precision: t.hits > 0 ? t.illicit / t.hits : 0,
    }))
    .sort((a, b) => b.hits - a.hits || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}
