import type { ErrorCode } from '../error-codes.js';
import { RecordError, TargetingError } from '../errors.js';
import { problemOf, toDeclaration, type Declaration } from './declaration.js';
import { at, childrenNamed, readXmlMessages, textAt, type XmlElement } from './xml-messages.js';

/** One WCO message read: a declaration, or why the message is rejected (the rest of the file goes on). */
export type WcoItem = { line: number; declaration: Declaration } | { line: number; id?: string; error: TargetingError };

/** UN/ECE Recommendation 19 mode of transport codes, as the engine's transportMode names them. */
const TRANSPORT_MODES: Record<string, string> = {
  '1': 'sea',
  '2': 'rail',
  '3': 'road',
  '4': 'air',
  '5': 'post',
  '7': 'fixed installation',
  '8': 'inland waterway',
  '9': 'own propulsion',
};

const GOODS_ITEM = 'Declaration/GoodsShipment/GovernmentAgencyGoodsItem';

/** Where each field of a raw declaration came from in the message, to name it in an error. */
type Paths = Record<string, string>;

/**
 * Every message of a WCO DM 3.x DEC file as a validated declaration or a
 * rejection naming the XML path (docs/formats.md holds the element → field table).
 */
export async function* readWcoDeclarations(file: string): AsyncGenerator<WcoItem> {
  for await (const m of readXmlMessages(file)) {
    if ('error' in m) {
      yield m;
      continue;
    }
    const where = { file, line: m.line };
    if (m.typeName !== undefined && !isDeclarationType(m.typeName)) {
      yield reject(
        m.line,
        'NOT_A_DECLARATION',
        `WCOTypeName is "${m.typeName}", not DEC`,
        where,
        'MetaData/WCOTypeName',
      );
      continue;
    }
    if (!m.declaration) {
      yield reject(m.line, 'NOT_A_DECLARATION', 'the message holds no Declaration', where, 'MetaData');
      continue;
    }
    const paths: Paths = {};
    const raw = rawDeclaration(m.declaration, paths);
    try {
      yield { line: m.line, declaration: toDeclaration(raw, where) };
    } catch (e) {
      if (!(e instanceof TargetingError)) throw e;
      const path = e.where.field !== undefined ? (paths[e.where.field] ?? e.where.field) : undefined;
      const problem = problemOf(e);
      const id = typeof raw.id === 'string' ? raw.id : undefined;
      yield {
        line: m.line,
        ...(id ? { id } : {}),
        error: new RecordError(
          e.code,
          path ? `${path}: ${problem}` : problem,
          { ...where, ...(id ? { record: id } : {}) },
          e.hint,
        ),
      };
    }
  }
}

/**
 * `DEC`, or a national customisation of it named `DEC-…` (HMRC's own CDS
 * test messages say `DEC-DMS`); every other WCO type (INV, RES…) is not a
 * declaration.
 */
function isDeclarationType(typeName: string): boolean {
  return typeName === 'DEC' || typeName.startsWith('DEC-');
}

function reject(
  line: number,
  code: ErrorCode,
  problem: string,
  where: { file: string; line: number },
  path: string,
): WcoItem {
  return { line, error: new RecordError(code, `${path}: ${problem}`, where, 'only WCO DEC declarations are scored') };
}

/** The declaration's elements as the raw declaration toDeclaration validates, noting each field's XML path. */
function rawDeclaration(d: XmlElement, paths: Paths): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const put = (obj: Record<string, unknown>, field: string, value: unknown, path: string, pathKey = field) => {
    if (value === undefined) return;
    obj[field] = value;
    paths[pathKey] = path;
  };
  const shipment = at(d, 'GoodsShipment');
  const mrn = textAt(d, 'ID');
  const reference = textAt(d, 'FunctionalReferenceID');
  put(raw, 'id', mrn ?? reference, mrn ? 'Declaration/ID' : 'Declaration/FunctionalReferenceID');
  const functionCode = textAt(d, 'FunctionCode');
  const typeCode = textAt(d, 'TypeCode');
  const fn = functionOf(functionCode, typeCode);
  if (fn !== 'original') raw.function = fn;
  if (reference !== undefined) raw.message = reference;
  if (fn !== 'original' && mrn !== undefined) raw.amends = mrn;
  put(raw, 'declarationType', typeCode, 'Declaration/TypeCode');
  const dateEl = at(d, 'AcceptanceDateTime/DateTimeString') ? 'AcceptanceDateTime' : 'IssueDateTime';
  put(raw, 'date', dayOf(textAt(d, `${dateEl}/DateTimeString`)), `Declaration/${dateEl}/DateTimeString`);
  put(raw, 'declarant', textAt(d, 'Declarant/ID') ?? textAt(d, 'Declarant/Name'), 'Declaration/Declarant/ID');
  const exporter = at(d, 'Exporter') ? 'Declaration/Exporter' : 'Declaration/GoodsShipment/Exporter';
  const exporterEl = at(d, 'Exporter') ?? at(shipment, 'Exporter');
  put(raw, 'exporter', textAt(exporterEl, 'ID') ?? textAt(exporterEl, 'Name'), `${exporter}/ID`);
  const importer = at(shipment, 'Importer');
  put(raw, 'importer', textAt(importer, 'ID') ?? textAt(importer, 'Name'), 'Declaration/GoodsShipment/Importer/ID');
  const mode = textAt(d, 'BorderTransportMeans/ModeCode');
  put(raw, 'transportMode', mode && (TRANSPORT_MODES[mode] ?? mode), 'Declaration/BorderTransportMeans/ModeCode');
  put(raw, 'departure', textAt(shipment, 'ExportCountry/ID'), 'Declaration/GoodsShipment/ExportCountry/ID');
  put(
    raw,
    'destination',
    textAt(shipment, 'Destination/CountryCode'),
    'Declaration/GoodsShipment/Destination/CountryCode',
  );
  const location = at(shipment, 'Consignment/GoodsLocation');
  put(
    raw,
    'office',
    textAt(location, 'Name') ?? textAt(location, 'ID'),
    'Declaration/GoodsShipment/Consignment/GoodsLocation/Name',
  );
  put(raw, 'supervisingOffice', textAt(d, 'SupervisingOffice/ID'), 'Declaration/SupervisingOffice/ID');
  const items = childrenNamed(shipment, 'GovernmentAgencyGoodsItem');
  const rawItems = items.map((item, i) => rawItem(item, i, paths));
  for (const [field, path, extra] of ITEM_COUNTRIES) {
    if (raw[field] !== undefined) continue;
    // Declared per item instead (CDS asks so where the items' countries differ): one the items share is the header's.
    const declared = items.map((item) => textAt(item, path));
    const distinct = new Set(declared.filter((t) => t !== undefined));
    if (distinct.size === 1) {
      const [country] = distinct;
      put(raw, field, country, `${GOODS_ITEM}[${declared.indexOf(country) + 1}]/${path}`);
    } else
      declared.forEach((t, i) => {
        if (t === undefined) return;
        rawItems[i][extra] = t;
        paths[`items[${i}].${extra}`] = `${GOODS_ITEM}[${i + 1}]/${path}`;
      });
  }
  raw.items = rawItems;
  paths.items = GOODS_ITEM;
  return raw;
}

/** Header countries a message may declare per goods item instead: field, element below the item, extra when the items differ. */
const ITEM_COUNTRIES = [
  ['destination', 'Destination/CountryCode', 'itemDestination'],
  ['departure', 'ExportCountry/ID', 'itemDeparture'],
] as const;

function rawItem(item: XmlElement, i: number, paths: Paths): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const base = `${GOODS_ITEM}[${i + 1}]`;
  const put = (field: string, value: unknown, path: string) => {
    if (value === undefined) return;
    raw[field] = value;
    paths[`items[${i}].${field}`] = `${base}/${path}`;
  };
  put('itemNumber', textAt(item, 'SequenceNumeric'), 'SequenceNumeric');
  const commodity = at(item, 'Commodity');
  const classes = childrenNamed(commodity, 'Classification');
  const code = (type: string) => classes.find((c) => textAt(c, 'IdentificationTypeCode') === type);
  const tsp = textAt(code('TSP'), 'ID');
  // The TARIC code (TRC) extends the 8-digit commodity code to 10 digits; TARIC additional codes (TRA) are not part of it.
  const trc = textAt(code('TRC'), 'ID');
  put('hsCode', tsp === undefined ? undefined : tsp + (trc ?? ''), 'Commodity/Classification/ID');
  const additional = classes.filter((c) => textAt(c, 'IdentificationTypeCode') === 'TRA').map((c) => textAt(c, 'ID'));
  if (additional.length > 0) put('additionalCodes', additional.join(','), 'Commodity/Classification/ID');
  put('description', textAt(commodity, 'Description'), 'Commodity/Description');
  const origins = childrenNamed(item, 'Origin');
  const origin = origins.find((o) => textAt(o, 'TypeCode') !== '2') ?? origins[0];
  put(
    'origin',
    textAt(origin, 'CountryCode'),
    `Origin${origins.length > 1 ? `[${origins.indexOf(origin!) + 1}]` : ''}/CountryCode`,
  );
  const preferential = origins.find((o) => textAt(o, 'TypeCode') === '2');
  if (preferential && preferential !== origin)
    put('preferentialOrigin', textAt(preferential, 'CountryCode'), 'Origin/CountryCode');
  put('weight', textAt(commodity, 'GoodsMeasure/NetNetWeightMeasure'), 'Commodity/GoodsMeasure/NetNetWeightMeasure');
  put('grossWeight', textAt(commodity, 'GoodsMeasure/GrossMassMeasure'), 'Commodity/GoodsMeasure/GrossMassMeasure');
  const charge = textAt(commodity, 'InvoiceLine/ItemChargeAmount');
  if (charge !== undefined) put('value', charge, 'Commodity/InvoiceLine/ItemChargeAmount');
  else put('value', textAt(item, 'StatisticalValueAmount'), 'StatisticalValueAmount');
  put('valuationMethod', textAt(item, 'CustomsValuation/MethodCode'), 'CustomsValuation/MethodCode');
  const procedures = childrenNamed(item, 'GovernmentProcedure');
  const main = procedures.find((p) => textAt(p, 'PreviousCode') !== undefined) ?? procedures[0];
  if (main)
    put(
      'procedure',
      (textAt(main, 'CurrentCode') ?? '') + (textAt(main, 'PreviousCode') ?? ''),
      'GovernmentProcedure/CurrentCode',
    );
  const others = procedures.filter((p) => p !== main).map((p) => textAt(p, 'CurrentCode'));
  if (others.length > 0) put('additionalProcedures', others.join(','), 'GovernmentProcedure/CurrentCode');
  const duties = childrenNamed(commodity, 'DutyTaxFee');
  const duty = duties.find((f) => textAt(f, 'TypeCode') === 'A00') ?? duties[0];
  put('preference', textAt(duty, 'DutyRegimeCode'), 'Commodity/DutyTaxFee/DutyRegimeCode');
  const assessed = duties.map((f) => textAt(f, 'Payment/TaxAssessedAmount')).filter((t) => t !== undefined);
  if (assessed.length > 0) put('taxes', sum(assessed), 'Commodity/DutyTaxFee/Payment/TaxAssessedAmount');
  const packages = childrenNamed(item, 'Packaging')
    .map((p) => textAt(p, 'QuantityQuantity'))
    .filter((t) => t !== undefined);
  if (packages.length > 0) put('quantity', sum(packages), 'Packaging/QuantityQuantity');
  return raw;
}

/** A sum of numeric texts, or the first text that is not a number (validation names it). */
function sum(texts: string[]): number | string {
  let total = 0;
  for (const t of texts) {
    const n = Number(t);
    if (!Number.isFinite(n)) return t;
    total += n;
  }
  return Math.round(total * 1000) / 1000;
}

/**
 * FunctionCode 9 lodges a declaration; 13 is a request on a lodged one: an
 * amendment, or a cancellation when its TypeCode is INV (as CDS has it).
 * EDIFACT's 1 (cancellation) and 4/5 (change, replace) are read the same way.
 */
function functionOf(code: string | undefined, typeCode: string | undefined): 'original' | 'amendment' | 'cancellation' {
  if (code === '1' || (code === '13' && typeCode === 'INV')) return 'cancellation';
  if (code === '13' || code === '4' || code === '5') return 'amendment';
  return 'original';
}

/** The day of a WCO date-time: format 304 (`YYYYMMDDhhmmss±zz`), 102 (`YYYYMMDD`) or ISO. */
function dayOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let digits = '';
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (ch !== '-') break;
    if (digits.length === 8) break;
  }
  return digits.length === 8 ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` : text;
}
