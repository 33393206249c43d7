import { toDeclaration, type Declaration } from '../src/declaration/declaration.js';
import { generateDeclarations } from '../src/dataset/generate.js';
import { createDeclarationDecider } from '../src/decision/declaration-decision.js';
import { createDecider, type DeciderOptions } from '../src/decision/decide.js';
import { HEADER_FIELDS, type Consignment } from '../src/declaration/record.js';
import { median } from './side-by-side.js';

const HEADER = new Set<string>(HEADER_FIELDS);

/**
 * Generated declarations of `items` goods items each, validated once up front
 * (the bench times deciding); 1 gives flat records.
 */
export function benchDeclarations(count: number, items: number, seed: number): Declaration[] {
  const rows = [...generateDeclarations({ rows: count * items, seed })].map((row) => {
    const { illicit: _i, revenue: _r, ...raw } = row as unknown as Record<string, unknown>;
    return raw;
  });
  return declarationsOf(rows, items);
}

/**
 * Flat records grouped into declarations of `items` goods items: each takes the
 * header fields of its first record and the goods fields of `items` records in
 * turn (records are reused from the start when fewer than `items` remain); 1
 * gives the records as flat declarations.
 */
export function declarationsOf(records: readonly Record<string, unknown>[], items: number): Declaration[] {
  if (items === 1) return records.map((r) => toDeclaration(r));
  const out: Declaration[] = [];
  const count = Math.max(1, Math.floor(records.length / items));
  for (let k = 0; k < count; k++) {
    const group = Array.from({ length: items }, (_, j) => records[(k * items + j) % records.length]);
    const header = Object.fromEntries(Object.entries(group[0]).filter(([key]) => HEADER.has(key)));
    const goods = group.map((r) => Object.fromEntries(Object.entries(r).filter(([key]) => !HEADER.has(key))));
    out.push(toDeclaration({ ...header, items: goods }));
  }
  return out;
}

/** Declarations decided one by one; the timer counts declarations. */
export function declarationContender(opts: DeciderOptions, declarations: readonly Declaration[]) {
  const decider = createDeclarationDecider(opts);
  return (from: number, to: number, now: Date) => {
    for (let i = from; i < to; i++) decider.decide(declarations[i], now);
  };
}

export interface ItemsBenchResult {
  items: number;
  consignment_per_s: number;
  flat_declaration_per_s: number;
  /** Flat declaration / consignment time: the cost of the declaration path for a 1-item record. */
  flat_overhead: number;
  declarations_per_s: number;
  /** Time of one `items`-item declaration / time of one of its items decided alone (≤ items is the bar). */
  per_declaration_vs_one: number;
}

/**
 * Side by side, chunk by chunk (the median of per-chunk ratios, robust to
 * bursts of load on a shared machine): today's consignment path (createDecider
 * on each consignment) against the same records as flat declarations; and
 * declarations of `items` items against their own item views decided one by one.
 */
export function benchItems(opts: DeciderOptions, rows: number, items: number, seed: number): ItemsBenchResult {
  const flat = benchDeclarations(rows, 1, seed);
  const consignments = flat.map((d) => d.items[0]);
  const multi = benchDeclarations(Math.max(1, Math.floor(rows / items)), items, seed + 1);
  // Each item decided alone stands for a one-item declaration: its own id and its own declaration facts, as such a
  // declaration has (sharing them would let the engine reuse its header facts, as it does within a declaration).
  const views = multi.flatMap((d) =>
    d.items.map((c) => ({ ...c, id: `${c.id}-${c.itemNumber}`, declaration: c.declaration && { ...c.declaration } })),
  );
  const single = createDecider(opts);
  const decide = declarationContender(opts, flat);
  const decideMulti = declarationContender(opts, multi);
  const chunks = 40;
  const rate = { one: 0, flat: 0, multi: 0 };
  const ratios = { flat: [] as number[], multi: [] as number[] };
  const time = (f: () => void) => {
    const t0 = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const decideAll = (cs: readonly Consignment[], a: number, b: number, at: Date) => () => {
    for (let i = a; i < b; i++) single.decide(cs[i], at);
  };
  const now = new Date();
  decideAll(consignments, 0, Math.min(5000, consignments.length), now)();
  decide(0, Math.min(5000, flat.length), now);
  decideMulti(0, Math.min(100, multi.length), now);
  for (let k = 0; k < chunks; k++) {
    const [a, b] = [Math.floor((k * flat.length) / chunks), Math.floor(((k + 1) * flat.length) / chunks)];
    const [m, n] = [Math.floor((k * multi.length) / chunks), Math.floor(((k + 1) * multi.length) / chunks)];
    const at = new Date();
    const one = time(decideAll(consignments, a, b, at));
    const asFlat = time(() => decide(a, b, at));
    const itemsOneByOne = time(decideAll(views, m * items, n * items, at));
    const asDeclarations = time(() => decideMulti(m, n, at));
    rate.one += one;
    rate.flat += asFlat;
    rate.multi += asDeclarations;
    ratios.flat.push(asFlat / one);
    // Seconds per declaration over seconds per item decided alone: `items` would be no roll-up cost at all.
    if (n > m) ratios.multi.push(asDeclarations / (n - m) / (itemsOneByOne / ((n - m) * items)));
  }
  return {
    items,
    consignment_per_s: Math.round(consignments.length / rate.one),
    flat_declaration_per_s: Math.round(flat.length / rate.flat),
    flat_overhead: Math.round(median(ratios.flat) * 1000) / 1000,
    declarations_per_s: Math.round(multi.length / rate.multi),
    per_declaration_vs_one: Math.round(median(ratios.multi) * 10) / 10,
  };
}
