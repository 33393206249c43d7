import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRowMapper, loadMapping, type Mapping } from '../../src/declaration/mapping.js';
import { readConsignments } from '../../src/declaration/read.js';
import type { Consignment } from '../../src/declaration/record.js';
import { buildCatalog, type FactCatalog } from '../../src/features/catalog.js';
import { mappingFacts } from '../../src/features/profile-facts.js';
import { importLightGbm } from '../../src/model/lightgbm-import.js';
import { parseModel, serializeModel, type ModelFile } from '../../src/model/model-file.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** The fixture's mapping and the catalog of facts it gives. */
export function fixtureMapping(): { mapping: Mapping; catalog: FactCatalog } {
  const mapping = loadMapping(join(FIXTURES, 'mapping.json'));
  return { mapping, catalog: buildCatalog(mappingFacts(mapping)) };
}

/** A fixture LightGBM model (gbdt, rf, zero) imported through the fixture mapping, written and read back. */
export function importedFixture(name: 'gbdt' | 'rf' | 'zero'): ModelFile {
  const { mapping, catalog } = fixtureMapping();
  const file = join(FIXTURES, `${name}-model.txt`);
  const body = importLightGbm(readFileSync(file, 'utf8'), {
    file,
    mapping,
    isFact: (f) => catalog.has(f),
    createdAt: '2026-12-01T00:00:00.000Z',
  });
  return parseModel(serializeModel(body).text);
}

export async function fixtureRows(): Promise<Consignment[]> {
  const { mapping } = fixtureMapping();
  const out: Consignment[] = [];
  for await (const item of readConsignments(join(FIXTURES, 'rows.csv'), { mapRow: createRowMapper(mapping) })) {
    if ('error' in item) throw item.error;
    out.push(item.consignment);
  }
  return out;
}

/** LightGBM's outputs per row: raw, probability, and shap_<feature> / shap_expected. */
export function lightgbmOutputs(name: 'gbdt' | 'rf' | 'zero'): Record<string, number>[] {
  const [header, ...lines] = readFileSync(join(FIXTURES, `${name}-outputs.csv`), 'utf8')
    .trim()
    .split('\n');
  const cols = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], i === 0 ? Number.NaN : Number(v)])));
}
