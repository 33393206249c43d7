/**
 * A dataset in the shape of the public KCS customs declarations (Jeon et al., "Customs Import Declaration
 * Datasets"): its 22 columns, 18 months, trained on 15 and tested on the next quarter, read through a mapping.
 * Generated, not the real data: fraud follows trader records, goods × origin lanes, undervaluation, routes and —
 * what tree ensembles on the raw columns find and additive scores do not — goods lines repeated exactly (the same
 * code, mass and price) whose outcome is the line's. It measures the risk model on a schema that is not ours.
 *
 *   npm run bench -- kcs-shaped [--rows 54000] [--seed 11] [--out /tmp/kcs-shaped]
 *   targeting evaluate --train DIR/train.csv --test DIR/test.csv --mapping DIR/mapping.json --calibrate
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random, WeightedIndex } from '../src/dataset/random.js';
import { flag } from './flags.js';

const HEADER = [
  'Declaration ID', 'Date', 'Office ID', 'Process Type', 'Import Type', 'Import Use', 'Payment Type',
  'Mode of Transport', 'Declarant ID', 'Importer ID', 'Seller ID', 'Courier ID', 'HS10 Code', 'Country of Departure',
  'Country of Origin', 'Tax Rate', 'Tax Type', 'Country of Origin Indicator', 'Net Mass', 'Item Price', 'Fraud',
  'Critical Fraud',
]; // prettier-ignore

const MAPPING = {
  columns: {
    id: 'Declaration ID', date: 'Date', office: 'Office ID', transportMode: 'Mode of Transport',
    declarant: 'Declarant ID', importer: 'Importer ID', exporter: 'Seller ID', hsCode: 'HS10 Code',
    departure: 'Country of Departure', origin: 'Country of Origin', weight: 'Net Mass', value: 'Item Price',
    illicit: 'Fraud',
  },
  categorical: ['Process Type', 'Import Type', 'Import Use', 'Payment Type', 'Courier ID', 'Tax Type',
    'Country of Origin Indicator'],
  numeric: ['Tax Rate'],
}; // prettier-ignore

const COUNTRIES = 'CN US JP DE VN IT GB FR TH TW HK KR SG MY ID IN NL BE CA MX TR PL ES CH AE PH NP AZ NI SE'.split(
  ' ',
);
const COUNTRY_WEIGHTS = [
  30, 12, 9, 7, 7, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.3, 0.3, 0.3, 1,
];
const OFFICES = '10 13 16 20 30 39 40 50 62 70 80 120'.split(' ');
const TAX_TYPES = 'A C FCN1 FEU1 FUS1 FAS1 FVN1 CIT E1 W2 R F P3 FCN2'.split(' ');
const TEST_FROM = '2021-04-01';

const rows = Number(flag('rows', '54000'));
const random = new Random(Number(flag('seed', '11')));
const out = flag('out', '/tmp/kcs-shaped');

const ALPHABET = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const code = (k: number) => Array.from({ length: k }, () => random.pick(ALPHABET)).join('');
/** n ids drawn by a Zipf law (a few frequent, most rare), each with a record: a propensity skewed towards 0. */
function parties(n: number, zipf: number, skew: number) {
  const ids = Array.from({ length: n }, () => code(7));
  const risk = Float64Array.from(ids, () => random.next() ** skew);
  const draw = new WeightedIndex(ids.map((_, i) => 1 / (i + 1) ** zipf));
  return { ids, risk, draw };
}
const importers = parties(9000, 1.05, 8);
const declarants = parties(900, 1.1, 9);
const sellers = parties(12000, 1, 14);
const couriers = Array.from({ length: 25 }, () => code(6));
// HS10 codes, a tenth written without their leading zero as the real file has them; each with a price and a duty.
const goods = Array.from({ length: 1800 }, () => {
  const hs = String(101_000_000 + random.int(9_898_999_999));
  return { hs: random.chance(0.1) ? hs.slice(1) : hs, perKg: Math.exp(4 + 2 * random.normal()), tax: random.pick([0, 0, 3.2, 5.2, 6.5, 8, 13, 27]) }; // prettier-ignore
});
const goodsDraw = new WeightedIndex(goods.map((_, i) => 1 / (i + 1) ** 1.1));
const countryDraw = new WeightedIndex(COUNTRY_WEIGHTS);
const riskyLanes = new Set(Array.from({ length: 400 }, () => `${random.int(1800)}|${random.pick(COUNTRIES)}`));
// Goods lines declared again and again, identical; a quarter of them are a fraud scheme.
const lines = Array.from({ length: 3000 }, () => ({
  goods: goodsDraw.draw(random),
  mass: Math.round(Math.exp(4 + 2.5 * random.normal()) * 10) / 10,
  scheme: random.chance(0.25),
}));

const days = 547; // 2020-01-01 to 2021-06-30
const records: string[][] = [];
for (let i = 0; i < rows; i++) {
  const date = new Date(Date.UTC(2020, 0, 1 + random.int(days))).toISOString().slice(0, 10);
  const im = importers.draw.draw(random);
  const de = declarants.draw.draw(random);
  const se = sellers.draw.draw(random);
  const line = random.chance(0.6) ? lines[random.int(lines.length)] : undefined;
  const g = line ? line.goods : goodsDraw.draw(random);
  const mass = line ? line.mass : Math.round(Math.exp(4 + 2.5 * random.normal()) * 10) / 10;
  const origin = COUNTRIES[countryDraw.draw(random)];
  const departure = random.chance(0.8) ? origin : COUNTRIES[countryDraw.draw(random)];
  const under = random.chance(0.1);
  const perKg = goods[g].perKg * (line ? 1 : Math.exp(0.5 * random.normal())) * (under ? random.uniform(0.05, 0.4) : 1);
  const logit =
    -3.2 + 3 * importers.risk[im] + 4 * declarants.risk[de] + 5 * sellers.risk[se] +
    (line ? (line.scheme ? 30 : -8) : 0) + (riskyLanes.has(`${g}|${origin}`) ? 1.6 : 0) +
    (under && goods[g].tax > 5 ? 1.2 : 0) + (departure !== origin ? 0.8 : 0); // prettier-ignore
  const fraud = random.chance(1 / (1 + Math.exp(-logit))) ? 1 : 0;
  records.push([
    String(10_000_000 + ((i * 1637) % 89_999_999)), date, random.pick(OFFICES), 'B', random.pick(['11', '11', '11', '15', '94', '87']),
    random.pick(['21', '21', '21', '26', '11']), random.pick(['11', '11', '43', '18', '14']), random.pick(['10', '40', '50']),
    declarants.ids[de], importers.ids[im], random.chance(0.9) ? sellers.ids[se] : '', random.chance(0.2) ? random.pick(couriers) : '',
    goods[g].hs, departure, origin, String(goods[g].tax), random.pick(TAX_TYPES), random.pick(['B', 'E', 'G', 'S', 'Y']),
    String(mass), String(Math.round(mass * perKg * 100) / 100), String(fraud), String(fraud && (random.chance(0.1) ? 2 : 1)),
  ]); // prettier-ignore
}
records.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));

mkdirSync(out, { recursive: true });
const csv = (rs: string[][]) => [HEADER, ...rs].map((r) => r.join(',')).join('\n') + '\n';
writeFileSync(join(out, 'train.csv'), csv(records.filter((r) => r[1] < TEST_FROM)));
writeFileSync(join(out, 'test.csv'), csv(records.filter((r) => r[1] >= TEST_FROM)));
writeFileSync(join(out, 'mapping.json'), `${JSON.stringify(MAPPING, null, 2)}\n`);
const illicit = records.reduce((s, r) => s + Number(r[20]), 0) / records.length;
process.stdout.write(
  `${rows} rows (${(illicit * 100).toFixed(1)} % illicit) in ${out}: train.csv (to ${TEST_FROM}), test.csv, mapping.json\n`,
);
