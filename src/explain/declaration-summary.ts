import type { Declaration } from '../declaration/declaration.js';
import { drivingItem } from '../decision/declaration-decision.js';
import type { Decision } from '../decision/decision.js';

/**
 * A declaration's decision as an officer reads it: the header, one line per
 * goods item (its channel, score and what it is), which item drove the channel
 * and the reasons that fired on it. Trader identifiers are not printed.
 */
export function renderDeclarationSummary(d: Declaration, decision: Decision): string {
  const first = d.items[0];
  const lines: string[] = [];
  const version = d.function === 'amendment' ? ` (amendment ${d.message ?? ''} of ${decision.amends ?? d.id})` : '';
  lines.push(
    `Declaration ${d.id}${version}: ${decision.channel.toUpperCase()}, score ${decision.score}, ${d.items.length} item${d.items.length === 1 ? '' : 's'}` +
      (first?.date ? `, ${first.date}` : '') +
      (first?.office ? `, office ${first.office}` : '') +
      (first?.transportMode ? `, ${first.transportMode}` : ''),
  );
  const results = decision.items ?? [{ item: 1, score: decision.score, channel: decision.channel }];
  const driver = drivingItem(decision) ?? results[0];
  for (const r of results) {
    const c = d.items.find((i) => (i.itemNumber ?? 1) === r.item);
    const what = [
      c?.hsCode ? `HS ${c.hsCode}` : 'no commodity code',
      c?.origin ? `origin ${c.origin}` : undefined,
      c?.value !== undefined ? `value ${c.value}` : undefined,
      c?.weight !== undefined ? `${c.weight} kg` : undefined,
    ].filter(Boolean);
    const mark = r === driver ? '→' : ' ';
    const missing = r.missing ? ` (missing: ${r.missing.join(', ')})` : '';
    lines.push(
      `  ${mark} item ${r.item}: ${r.channel.padEnd(6)} ${String(r.score).padStart(6)}  ${what.join(', ')}${missing}`,
    );
  }
  const driving = decision.hits.filter((h) => (decision.items ? h.item === driver.item : true));
  lines.push(decision.items ? `  item ${driver.item} drove the channel:` : '  why:');
  if (driving.length === 0) lines.push('    no rule fired');
  for (const h of driving) lines.push(`    ${h.rule} (${h.points >= 0 ? '+' : ''}${h.points}): ${h.reason}`);
  const header = decision.hits.filter((h) => decision.items && h.item === undefined);
  if (header.length > 0) {
    lines.push('  on the whole declaration:');
    for (const h of header) lines.push(`    ${h.rule} (${h.points >= 0 ? '+' : ''}${h.points}): ${h.reason}`);
  }
  return lines.join('\n') + '\n';
}
