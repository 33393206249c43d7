import {
  ANTI_DUMPING,
  DISGUISE_HUBS,
  DISGUISED_ORIGINS,
  GOODS,
  MISCLASSIFIED_AS,
  SMUGGLING_ROUTES,
  UNDERVALUED_CELLS,
  type Goods,
} from './catalog.js';
import type { Random } from './random.js';
import type { Importer } from './traders.js';

/** How a declaration was falsified, as an inspection would find it. */
export type FraudPattern =
  | 'none'
  | 'undervaluation'
  | 'misclassification'
  | 'concealment'
  | 'transshipment'
  /** Undervaluation confined to a goods × origin × weight cell (catalog UNDERVALUED_CELLS). */
  | 'cell-undervaluation'
  /** A broker's misclassification of its one heading, priced as the code declared. */
  | 'heading-misclassification'
  | 'other';

/** VAT charged on every import on top of duty. */
export const VAT = 0.15;

/** A declaration being generated: the goods as they really are, edited by a fraud pattern into what is declared. */
export interface Draft {
  goods: Goods;
  origin: string;
  departure: string;
  weight: number;
  value: number;
}

export interface FraudContext {
  importer: Importer;
  shell: boolean;
  offendingDeclarant: boolean;
  /** The one heading (HS6) this declaration's broker misclassifies, if any. */
  misclassifiedHeading?: string;
}

const BY_HS6 = new Map(GOODS.map((x) => [x.hs6, x]));

/**
 * Which pattern (if any) falsifies this declaration. Most fraud comes from
 * the situation (route, goods under anti-dumping duty, new shell company)
 * rather than from a known offender, so an importer's past record explains
 * only part of it.
 */
export function choosePattern(draft: Draft, ctx: FraudContext, random: Random): FraudPattern {
  const hs6 = draft.goods.hs6;
  if (ctx.shell) return random.chance(0.55) ? (random.chance(0.6) ? 'undervaluation' : 'concealment') : 'none';
  if (ctx.misclassifiedHeading === hs6 && random.chance(0.6)) return 'heading-misclassification';
  if (inUndervaluedCell(draft) && random.chance(0.45)) return 'cell-undervaluation';
  if (SMUGGLING_ROUTES[hs6]?.includes(draft.origin) && random.chance(0.3)) return 'concealment';
  if (ANTI_DUMPING[hs6]?.CN !== undefined && draft.origin === 'CN' && random.chance(0.25)) return 'transshipment';
  if (MISCLASSIFIED_AS[hs6] !== undefined && random.chance(0.06)) return 'misclassification';
  if (ctx.importer.offender && random.chance(0.2)) {
    const u = random.next();
    if (u < 0.5) return 'undervaluation';
    return u < 0.75 && MISCLASSIFIED_AS[hs6] !== undefined ? 'misclassification' : 'concealment';
  }
  if (ctx.offendingDeclarant && random.chance(0.08)) return 'undervaluation';
  if (random.chance(0.018)) return 'undervaluation';
  if (random.chance(0.004)) return 'other';
  return 'none';
}

function inUndervaluedCell(draft: Draft): boolean {
  return UNDERVALUED_CELLS.some(
    (c) => c.hs6 === draft.goods.hs6 && c.origin === draft.origin && draft.weight >= c.kg[0] && draft.weight < c.kg[1],
  );
}

/** Duty plus VAT owed on goods of this kind and origin, as a fraction of value. */
export function taxRate(goods: Goods, origin: string): number {
  return goods.duty + (ANTI_DUMPING[goods.hs6]?.[origin] ?? 0) + VAT;
}

/**
 * Edits the draft into what the trader declares and returns the tax evaded,
 * which is what an inspection recovers (before penalties).
 */
export function applyPattern(pattern: FraudPattern, draft: Draft, random: Random): number {
  const owed = taxRate(draft.goods, draft.origin);
  switch (pattern) {
    case 'none':
      return 0;
    case 'undervaluation': {
      const declared = draft.value * random.uniform(0.2, 0.5);
      const evaded = (draft.value - declared) * owed;
      draft.value = declared;
      return evaded;
    }
    case 'cell-undervaluation': {
      // A milder cut than plain undervaluation: within the code's usual spread, systematic only inside the cell.
      const declared = draft.value * random.uniform(0.5, 0.75);
      const evaded = (draft.value - declared) * owed;
      draft.value = declared;
      return evaded;
    }
    case 'heading-misclassification': {
      // Declared at a price per kg ordinary for the code declared: no price anomaly to see.
      const declaredGoods = BY_HS6.get(MISCLASSIFIED_AS[draft.goods.hs6])!;
      const declared = draft.weight * declaredGoods.valuePerKg * random.lognormal(1, declaredGoods.sigma);
      const evaded = draft.value * owed - declared * taxRate(declaredGoods, draft.origin);
      draft.goods = declaredGoods;
      draft.value = declared;
      return Math.max(0, evaded);
    }
    case 'misclassification': {
      // Same goods, same price, a code with a lower duty: the price per kg is then far above that code's norm.
      draft.goods = BY_HS6.get(MISCLASSIFIED_AS[draft.goods.hs6])!;
      return draft.value * (owed - taxRate(draft.goods, draft.origin));
    }
    case 'concealment': {
      // Undeclared goods hidden in the load add weight but no declared value.
      const hidden = draft.value * random.uniform(0.3, 1.5);
      draft.weight *= random.uniform(1.15, 1.6);
      return hidden * owed;
    }
    case 'transshipment': {
      draft.origin = random.pick(DISGUISED_ORIGINS);
      draft.departure = random.pick(DISGUISE_HUBS);
      return draft.value * (owed - taxRate(draft.goods, draft.origin));
    }
    case 'other':
      return draft.value * random.uniform(0.02, 0.1) * owed;
  }
}
