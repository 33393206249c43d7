import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWatchlists, expiredProblems, loadWatchlists } from '../../src/watchlist/load.js';

const root = mkdtempSync(join(tmpdir(), 'watchlist-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function dirWith(files: Record<string, string>): string {
  const dir = join(root, String(n++));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const HEADER = 'type,id,source,reason,validUntil,confidentiality';

describe('checkWatchlists', () => {
  it('reads CSV and JSON files, normalising route and HS ids', () => {
    const dir = dirWith({
      'a.csv': `${HEADER}\nimporter,IM1,FR-DGDDI,seized,2030-01-01,restricted\nroute,cn > sg,EU-OLAF,transshipment,,public\nhsCode,2402.20,WCO,cigarettes,,\n`,
      'b.json': JSON.stringify([
        { type: 'exporter', id: 'X9', source: 'NL', reason: 'front', validUntil: '2030-06-30' },
      ]),
    });
    const { errors, watchlists } = checkWatchlists(dir, { today: '2026-01-01' });
    expect(errors).toEqual([]);
    expect(watchlists!.entries).toEqual([
      {
        type: 'importer',
        id: 'IM1',
        source: 'FR-DGDDI',
        reason: 'seized',
        validUntil: '2030-01-01',
        confidentiality: 'restricted',
      },
      { type: 'route', id: 'CN-SG', source: 'EU-OLAF', reason: 'transshipment', confidentiality: 'public' },
      { type: 'hsCode', id: '240220', source: 'WCO', reason: 'cigarettes' },
      { type: 'exporter', id: 'X9', source: 'NL', reason: 'front', validUntil: '2030-06-30' },
    ]);
    expect(watchlists!.id).toMatch(/^watchlists@[0-9a-f]{12}$/);
  });

  it('names the file, line, field and fix of every bad row', () => {
    const dir = dirWith({
      'x.csv': [
        HEADER,
        'importr,IM1,FR,r,2030-01-01,',
        'importer,IM2,FR,r,2030-02-30,',
        'route,CN-SGP,FR,r,,',
        'importer,IM3,,r,,',
        'vessel,MSC ANNA,FR,r,,',
        'importer,IM4,FR,r,,',
        'importer,IM4,NL,r,,',
      ].join('\n'),
    });
    const messages = checkWatchlists(dir).errors.map((e) => e.message.replaceAll(dir, 'D'));
    expect(messages).toEqual([
      'D/x.csv:2, field "type": unknown type "importr" — did you mean "importer"? one of importer, exporter, declarant, route, hsCode',
      'D/x.csv:3, field "validUntil": "2030-02-30" is not a date — write YYYY-MM-DD (the last day the entry applies), or leave it empty for no end',
      'D/x.csv:4, field "id": "CN-SGP" is not a route — write ORIGIN-DEPARTURE with ISO alpha-2 codes (CN-SG), or ORIGIN alone (CN) for every departure',
      'D/x.csv:5, field "source": the entry has no source — name the administration that shared it, e.g. "FR-DGDDI"',
      'D/x.csv:6, field "type": unknown type "vessel" — declarations carry no vessel: list the route instead (type route, id ORIGIN-DEPARTURE such as CN-SG)',
      'D/x.csv:8, field "id": importer "IM4" is listed twice (also D/x.csv:7) — keep one row: merge the reasons and keep the later validUntil',
    ]);
  });

  it('rejects an unknown column with a suggestion', () => {
    const dir = dirWith({ 'x.csv': 'type,id,source,reason,validUntill\nimporter,IM1,FR,r,2030-01-01\n' });
    expect(checkWatchlists(dir).errors.map((e) => e.message)).toEqual([
      `${join(dir, 'x.csv')}:1, field "validUntill": unknown column "validUntill" — did you mean "validUntil"? the header is type,id,source,reason,validUntil,confidentiality`,
    ]);
  });

  it('leaves expired entries out (validUntil is inclusive) and reports them for validate', () => {
    const dir = dirWith({ 'x.csv': `${HEADER}\nimporter,OLD,FR,r,2025-12-31,\nimporter,LAST,FR,r,2026-01-01,\n` });
    const w = loadWatchlists(dir, { today: '2026-01-01' });
    expect(w.entries.map((e) => e.id)).toEqual(['LAST']);
    expect(w.expired.map((p) => [p.entry.id, p.line])).toEqual([['OLD', 2]]);
    expect(expiredProblems(w.expired)[0].message).toBe(
      `${join(dir, 'x.csv')}:2, field "validUntil": importer "OLD" (from FR) expired on 2025-12-31, so it is ignored — renew validUntil if the partner confirms the entry, or remove the row`,
    );
  });

  it('gives the same id for the same entries and another id when one changes', () => {
    const a = loadWatchlists(dirWith({ 'x.csv': `${HEADER}\nimporter,IM1,FR,r,,\n` })).id;
    const b = loadWatchlists(dirWith({ 'y.csv': `${HEADER}\nimporter,IM1,FR,r,,\n` })).id;
    const c = loadWatchlists(dirWith({ 'x.csv': `${HEADER}\nimporter,IM1,FR,other reason,,\n` })).id;
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  // Fails once a shipped entry expires: CI then asks for it to be renewed or removed, as `rules validate` does.
  it('loads the shipped partners.csv, nothing expired', () => {
    const { errors, expired } = checkWatchlists('rules/watchlists');
    expect(errors).toEqual([]);
    expect(expired).toEqual([]);
  });
});
