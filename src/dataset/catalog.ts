import goods from './goods.json' with { type: 'json' };

/**
 * The trade the generator simulates: goods with their duty rate, usual price per
 * kg and origins, and the customs offices they clear through. Figures are
 * plausible orders of magnitude, not any administration's tariff.
 */
export interface Goods {
  hs6: string;
  description: string;
  /** Ad valorem duty (plus excise where it applies) as a fraction of value. */
  duty: number;
  /** Median declared value per kg and its log-scale spread. */
  valuePerKg: number;
  sigma: number;
  /** Gross kg per supplementary unit. */
  unitKg: number;
  /** Units per consignment, drawn log-uniformly between the two bounds. */
  units: [number, number];
  /** Relative share of declarations. */
  share: number;
  origins: Record<string, number>;
  /** Which offices the goods come through. */
  freight: 'bulk' | 'general' | 'express';
}

/**
 * The goods, in the order the generator draws them: data, in `goods.json`. The cast: JSON widens the tuple and the
 * unions, and the table is ours (the generator's tests read every row).
 */
export const GOODS = goods as unknown as readonly Goods[];

export interface Office {
  code: string;
  transportMode: 'sea' | 'air' | 'road' | 'rail' | 'post';
  /** Relative share by freight type. */
  bulk: number;
  general: number;
  express: number;
}

export const OFFICES: readonly Office[] = [
  { code: 'SEA01', transportMode: 'sea', bulk: 45, general: 40, express: 5 },
  { code: 'SEA02', transportMode: 'sea', bulk: 25, general: 15, express: 2 },
  { code: 'AIR01', transportMode: 'air', bulk: 0, general: 10, express: 50 },
  { code: 'AIR02', transportMode: 'air', bulk: 0, general: 3, express: 15 },
  { code: 'RD01', transportMode: 'road', bulk: 15, general: 15, express: 5 },
  { code: 'RD02', transportMode: 'road', bulk: 5, general: 7, express: 3 },
  { code: 'RAIL01', transportMode: 'rail', bulk: 10, general: 5, express: 0 },
  { code: 'PST01', transportMode: 'post', bulk: 0, general: 5, express: 20 },
];

/** Hubs goods are legitimately trans-shipped through. */
export const HUBS = ['SG', 'AE', 'NL', 'HK'] as const;

/** Anti-dumping duty on top of the tariff, by HS6 and origin: the motive for transshipment fraud. */
export const ANTI_DUMPING: Record<string, Record<string, number>> = {
  '720851': { CN: 0.25 },
  '854143': { CN: 0.3 },
};

/** Declared origins used to disguise goods under anti-dumping duty, and the ports they pass. */
export const DISGUISED_ORIGINS = ['VN', 'MY', 'TH'] as const;
export const DISGUISE_HUBS = ['SG', 'HK'] as const;

/** High-duty goods and the lower-duty code they are declared under when misclassified. */
export const MISCLASSIFIED_AS: Record<string, string> = {
  '610910': '520812',
  '640399': '640699',
  '240220': '240120',
  '870323': '870899',
  '220830': '220290',
};

/** Origin × HS6 smuggling routes: concealment is common on these lanes. */
export const SMUGGLING_ROUTES: Record<string, readonly string[]> = {
  '240220': ['AE'],
  '640399': ['TR'],
  '300490': ['IN'],
  '711319': ['TH'],
  '330499': ['TR'],
};

/**
 * Undervaluation confined to a cell of goods × origin × weight band: within the
 * cell many loads are undervalued, while each of its margins (the code, the
 * origin, the weight) stays close to the norm — only an interaction finds it.
 */
export interface UndervaluedCell {
  hs6: string;
  origin: string;
  /** True gross weight band, lo ≤ kg < hi. */
  kg: [number, number];
}

export const UNDERVALUED_CELLS: readonly UndervaluedCell[] = [
  { hs6: '851712', origin: 'VN', kg: [50, 200] },
  { hs6: '640399', origin: 'CN', kg: [100, 400] },
  { hs6: '620342', origin: 'PK', kg: [1000, 5000] },
  { hs6: '852872', origin: 'MY', kg: [2000, 20000] },
];

/**
 * Brokers who misclassify one heading only, at a price that looks normal for
 * the code declared: their record over all goods stays ordinary, and the price
 * gives nothing away; only the broker together with the heading does. Every
 * 7th broker (from the 4th) does it, each with one heading of MISCLASSIFIED_AS.
 */
export function misclassifiedHeadingOf(declarant: number): string | undefined {
  if (declarant % 7 !== 3) return undefined;
  const sources = Object.keys(MISCLASSIFIED_AS);
  return sources[Math.floor(declarant / 7) % sources.length];
}
