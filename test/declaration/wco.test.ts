import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDeclarations, type ReadDeclaration } from '../../src/declaration/read-declarations.js';
import { formatOf } from '../../src/declaration/read-lines.js';
import { XML_LIMITS } from '../../src/declaration/xml-messages.js';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'wco-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(file: string): Promise<ReadDeclaration[]> {
  const out: ReadDeclaration[] = [];
  for await (const item of readDeclarations(file, { format: 'wco' })) out.push(item);
  return out;
}

describe('WCO DM 3.x DEC XML', () => {
  it('reads a CDS-style declaration: header, four items, the TARIC code appended, an item without a commodity code', async () => {
    const [only, ...rest] = await read(join(fixtures, 'cds-import.xml'));
    expect(rest).toEqual([]);
    if (!('declaration' in only)) throw only.error;
    const d = only.declaration;
    expect(d).toMatchObject({ id: 'REF-H1-0001', key: 'REF-H1-0001', function: 'original', flat: false });
    expect(d.items).toHaveLength(4);
    const [first, , third, fourth] = d.items;
    expect(first).toMatchObject({
      itemNumber: 1,
      itemCount: 4,
      date: '2024-03-15',
      declarant: 'GB553202734852',
      exporter: 'Shenzhen Textile Co',
      importer: 'GB201909014000',
      office: 'FXTFXTFXT',
      transportMode: 'sea',
      departure: 'CN',
      destination: 'GB',
      hsCode: '6109100000',
      origin: 'CN',
      weight: 400,
      grossWeight: 420,
      value: 1150,
      taxes: 144,
      procedure: '4000',
      preference: '100',
      quantity: 20,
      description: "Men's cotton T-shirts, knitted",
    });
    expect(first.extra).toMatchObject({
      declarationType: 'IMZ',
      supervisingOffice: 'GBLBA001',
      valuationMethod: '1',
      additionalProcedures: '000',
    });
    expect(third).toMatchObject({ hsCode: '4202210010', origin: 'VN', preference: '300' });
    expect(third.extra.additionalCodes).toBe('VATZ');
    expect(fourth.hsCode).toBeUndefined();
    expect(fourth).toMatchObject({ itemNumber: 4, weight: 2, description: 'Gift: printed books' });
    expect(first.declaration).toEqual({ itemCount: 4, distinctOrigins: 2, totalValue: 3540 });
    expect(formatOf(join(fixtures, 'cds-import.xml'))).toBe('wco');
  });

  it('reads several messages of one file: each rejected message alone, with its XML path, the rest scored', async () => {
    const items = await read(join(fixtures, 'cds-batch.xml'));
    const summary = items.map((i) =>
      'declaration' in i
        ? `${i.declaration.function} ${i.declaration.key} ${i.declaration.items.length}`
        : i.error.message,
    );
    expect(summary).toEqual([
      'original REF-A 2',
      'amendment 24GB3S8DXYZ1234567~REF-A-AMD1 1',
      'cancellation 24GB3S8DXYZ7654321 0',
      expect.stringMatching(/cds-batch\.xml:59: MetaData\/WCOTypeName: WCOTypeName is "INV", not DEC/),
      expect.stringMatching(
        /cds-batch\.xml:62, record REF-C: Declaration\/GoodsShipment\/GovernmentAgencyGoodsItem\[2\]\/Origin\/CountryCode: "UKK" is not a country code/,
      ),
      expect.stringMatching(
        /record REF-D: Declaration\/GoodsShipment\/GovernmentAgencyGoodsItem: the declaration has no goods item/,
      ),
      'original REF-E 1',
    ]);
  });

  it('records a cancellation whose Declaration is in the CANCEL-DEC-DMS namespace (CDS CANCEL.xsd)', async () => {
    const [only, ...rest] = await read(join(fixtures, 'cancel-namespace.xml'));
    expect(rest).toEqual([]);
    if (!('declaration' in only)) throw only.error;
    expect(only.declaration).toMatchObject({
      id: '24GB0000CANCEL0001',
      function: 'cancellation',
      message: 'REF-CANCEL-NS',
    });
  });

  it('reads a WCOTypeName naming a customisation of DEC (DEC-DMS); another type is still not a declaration', async () => {
    const [customised, other] = await read(join(fixtures, 'customised-type.xml'));
    if (!('declaration' in customised)) throw customised.error;
    expect(customised.declaration).toMatchObject({ id: 'REF-DEC-DMS', function: 'original' });
    expect(customised.declaration.items).toHaveLength(1);
    expect('error' in other && other.error.message).toMatch(/WCOTypeName is "DECLARATIONX", not DEC/);
  });

  it('takes a destination or dispatch country declared per item as the header one when the items share it', async () => {
    const [shared, different, bad] = await read(join(fixtures, 'item-countries.xml'));
    if (!('declaration' in shared) || !('declaration' in different)) throw new Error('not read');
    for (const item of shared.declaration.items) expect(item).toMatchObject({ destination: 'GB', departure: 'US' });
    // Items that differ keep their own country as an attribute; the shipment's dispatch country stays the header's.
    const [fr, de] = different.declaration.items;
    expect(fr).toMatchObject({ departure: 'CN', extra: { itemDestination: 'FR' } });
    expect(fr.destination).toBeUndefined();
    expect(fr.extra.itemDeparture).toBeUndefined();
    expect(de.extra).toMatchObject({ itemDestination: 'DE' });
    expect('error' in bad && bad.error.message).toMatch(
      /GovernmentAgencyGoodsItem\[1\]\/Destination\/CountryCode: "GBR" is not a country code/,
    );
  });

  it('refuses malformed and hostile files, naming the line', async () => {
    const messages = async (name: string) =>
      (await read(join(fixtures, name))).map((i) => ('error' in i ? i.error.message : 'decided'));
    expect(await messages('unclosed.xml')).toEqual([
      expect.stringMatching(
        /unclosed\.xml:8: malformed XML.*<ns3:GovernmentAgencyGoodsItem> opened on line 6 is not closed/,
      ),
    ]);
    expect(await messages('wrong-namespace.xml')).toEqual([
      expect.stringMatching(/wrong-namespace\.xml:3: <x:Declaration> is in namespace "urn:example:not-wco"/),
    ]);
    const laughs = await read(join(fixtures, 'billion-laughs.xml'));
    expect(laughs).toHaveLength(1);
    expect('error' in laughs[0] && laughs[0].error.code).toBe('XML_DTD');
  });

  it('refuses a 50 MB text node without holding it', async () => {
    const file = join(dir, 'huge.xml');
    const out = createWriteStream(file);
    out.write(
      '<MetaData xmlns="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2" xmlns:d="urn:wco:datamodel:WCO:DEC-DMS:2"><d:Declaration><d:FunctionalReferenceID>',
    );
    const mb = 'x'.repeat(1 << 20);
    for (let i = 0; i < 50; i++) out.write(mb);
    out.end('</d:FunctionalReferenceID></d:Declaration></MetaData>');
    await new Promise<void>((r) => out.on('finish', () => r()));
    const before = process.memoryUsage().heapUsed;
    const items = await read(file);
    expect(items).toHaveLength(1);
    expect('error' in items[0] && items[0].error.code).toBe('XML_TEXT_TOO_LARGE');
    // Refused within the limit (plus one read chunk), never the 50 MB.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * XML_LIMITS.maxTextChars + (16 << 20));
  });
});
