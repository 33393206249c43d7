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

export const GOODS: readonly Goods[] = [
  g(
    '610910',
    'T-shirts, cotton, knitted',
    0.2,
    12,
    0.35,
    0.2,
    [200, 20000],
    9,
    { CN: 40, BD: 25, VN: 15, TR: 10, IN: 10 },
    'general',
  ),
  g('610990', 'T-shirts, other textiles', 0.2, 14, 0.4, 0.2, [200, 10000], 1, { CN: 60, BD: 20, VN: 20 }, 'general'),
  g(
    '620342',
    "Trousers, cotton, men's",
    0.2,
    14,
    0.35,
    0.6,
    [100, 8000],
    5,
    { CN: 35, BD: 30, PK: 20, TR: 15 },
    'general',
  ),
  g('520812', 'Woven cotton fabric, unbleached', 0.08, 6, 0.3, 1, [500, 20000], 4, { CN: 40, IN: 35, PK: 25 }, 'bulk'),
  g(
    '640399',
    'Footwear, leather uppers',
    0.25,
    30,
    0.4,
    1,
    [100, 5000],
    5,
    { CN: 40, VN: 25, TR: 20, IT: 15 },
    'general',
  ),
  g(
    '640391',
    'Footwear, leather, covering the ankle',
    0.25,
    35,
    0.4,
    1.4,
    [50, 2000],
    1,
    { IT: 40, VN: 30, CN: 30 },
    'general',
  ),
  g('640699', 'Parts of footwear', 0.05, 8, 0.35, 0.3, [500, 20000], 2, { CN: 60, VN: 40 }, 'general'),
  g('851712', 'Mobile phones', 0, 800, 0.3, 0.35, [20, 3000], 6, { CN: 55, VN: 25, IN: 10, KR: 10 }, 'express'),
  g('851762', 'Network equipment', 0, 150, 0.4, 1.5, [10, 1000], 3, { CN: 50, US: 20, MY: 15, DE: 15 }, 'express'),
  g('847130', 'Laptops', 0, 250, 0.3, 2.5, [10, 2000], 4, { CN: 70, MY: 15, TH: 15 }, 'express'),
  g('852872', 'Television sets', 0.1, 25, 0.3, 12, [20, 1500], 3, { CN: 45, KR: 25, MY: 15, TR: 15 }, 'general'),
  g(
    '240220',
    'Cigarettes containing tobacco',
    0.8,
    40,
    0.35,
    1.2,
    [20, 2000],
    3,
    { AE: 30, CN: 25, ID: 20, PL: 25 },
    'general',
  ),
  g('240210', 'Cigars', 0.6, 200, 0.5, 1, [5, 200], 0.3, { CU: 50, DO: 30, NL: 20 }, 'express'),
  g(
    '240120',
    'Tobacco, stemmed, unmanufactured',
    0.1,
    5,
    0.3,
    1,
    [500, 20000],
    1.5,
    { BR: 40, IN: 30, ZW: 30 },
    'bulk',
  ),
  g(
    '870323',
    'Cars, spark ignition, 1500–3000 cc',
    0.3,
    15,
    0.3,
    1500,
    [1, 30],
    4,
    { DE: 30, JP: 30, KR: 25, US: 15 },
    'bulk',
  ),
  g(
    '870324',
    'Cars, spark ignition, over 3000 cc',
    0.35,
    25,
    0.3,
    2000,
    [1, 10],
    0.8,
    { DE: 40, US: 40, JP: 20 },
    'bulk',
  ),
  g('870899', 'Parts of motor vehicles', 0.05, 6, 0.4, 5, [50, 5000], 4, { DE: 25, CN: 35, JP: 20, TR: 20 }, 'general'),
  g('220830', 'Whisky', 0.5, 20, 0.4, 1.3, [100, 10000], 2, { GB: 70, US: 20, JP: 10 }, 'general'),
  g('220290', 'Non-alcoholic beverages', 0.1, 1.5, 0.3, 1.1, [1000, 40000], 3, { TR: 30, AE: 30, PL: 40 }, 'bulk'),
  g(
    '720851',
    'Flat-rolled steel, hot-rolled, > 10 mm',
    0.05,
    0.8,
    0.2,
    1000,
    [20, 2000],
    3,
    { CN: 50, TR: 20, KR: 15, IN: 15 },
    'bulk',
  ),
  g('854143', 'Photovoltaic modules', 0, 8, 0.25, 22, [100, 5000], 3, { CN: 70, MY: 10, VN: 10, TH: 10 }, 'general'),
  g('732393', 'Stainless steel kitchenware', 0.1, 6, 0.35, 0.8, [200, 10000], 2, { CN: 70, IN: 20, TR: 10 }, 'general'),
  g('940360', 'Wooden furniture', 0.1, 4, 0.4, 25, [20, 1000], 4, { CN: 40, VN: 30, MY: 15, PL: 15 }, 'bulk'),
  g('392690', 'Articles of plastics', 0.065, 5, 0.45, 0.5, [200, 20000], 5, { CN: 70, TH: 15, DE: 15 }, 'general'),
  g('090111', 'Coffee, not roasted', 0.05, 4, 0.25, 60, [20, 400], 3, { BR: 35, CO: 30, ET: 15, VN: 20 }, 'bulk'),
  g(
    '330499',
    'Cosmetics and make-up',
    0.15,
    20,
    0.45,
    0.3,
    [100, 10000],
    3,
    { FR: 30, KR: 30, CN: 25, TR: 15 },
    'express',
  ),
  g('300490', 'Medicaments, packaged', 0, 80, 0.5, 0.3, [100, 20000], 4, { IN: 40, DE: 25, CN: 20, US: 15 }, 'express'),
  g('950300', 'Toys', 0.05, 8, 0.4, 0.5, [200, 20000], 4, { CN: 85, VN: 15 }, 'general'),
  g('100630', 'Rice, milled', 0.2, 0.6, 0.2, 50, [100, 2000], 2, { TH: 40, VN: 30, IN: 20, PK: 10 }, 'bulk'),
  g('271019', 'Petroleum oils, not crude', 0.05, 0.9, 0.15, 1000, [10, 2000], 2, { AE: 40, IN: 30, US: 30 }, 'bulk'),
  g(
    '711319',
    'Jewellery of precious metal',
    0.2,
    30000,
    0.35,
    0.05,
    [10, 2000],
    1,
    { TH: 30, IT: 30, IN: 25, AE: 15 },
    'express',
  ),
  g('940540', 'Electric lamps and lighting fittings', 0.05, 15, 0.4, 1, [100, 5000], 3, { CN: 85, DE: 15 }, 'general'),
];

function g(
  hs6: string,
  description: string,
  duty: number,
  valuePerKg: number,
  sigma: number,
  unitKg: number,
  units: [number, number],
  share: number,
  origins: Record<string, number>,
  freight: Goods['freight'],
): Goods {
  return { hs6, description, duty, valuePerKg, sigma, unitKg, units, share, origins, freight };
}

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
