import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IDENTIFIERS } from '../../src/share/export.js';
import { importPartnerExport } from '../../src/share/import.js';
import { createPseudonymiser } from '../../src/share/pseudonymise.js';
import { readWatchlistFile } from '../../src/watchlist/read.js';
import { toEntry } from '../../src/watchlist/validate.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'share-import-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const shared = createPseudonymiser(Buffer.from('s'.repeat(48)));

describe('importPartnerExport', () => {
  it('writes the partner tokens into the watchlist directory, drops expired rows, refuses clear trader ids', () => {
    const exportFile = join(dir, 'be-export.csv');
    writeFileSync(
      exportFile,
      [
        'type,id,source,reason,validUntil,confidentiality',
        `importer,${shared.token('IMP-42')},BE-AGD,"undervaluation, repeated",2027-06-30,restricted`,
        `exporter,${shared.token('EXP-7')},BE-AGD,transshipment,2020-01-01,restricted`,
        'importer,IMP-CLEAR,BE-AGD,leaked,,restricted',
        'hsCode,610910,BE-AGD,misclassification,,public',
        'vessel,IMO1234567,BE-AGD,smuggling,,restricted',
        '',
      ].join('\n'),
    );
    const into = join(dir, 'rules', 'watchlists');
    const result = importPartnerExport(exportFile, {
      into,
      identifiers: DEFAULT_IDENTIFIERS,
      now: new Date('2026-11-23'),
    });
    expect(result).toMatchObject({ file: join(into, 'partner-be-agd.csv'), imported: 2, expired: 1 });
    expect(result.refused).toEqual([
      { line: 4, reason: expect.stringContaining('not a token') },
      { line: 6, reason: expect.stringContaining('unknown type "vessel"') },
    ]);

    // The imported file loads with the project's own watchlist reader and validation.
    const rows = readWatchlistFile(result.file).map((r) => toEntry(r).entry);
    expect(rows).toEqual([
      {
        type: 'importer',
        id: shared.token('IMP-42'),
        source: 'BE-AGD',
        reason: 'undervaluation, repeated',
        validUntil: '2027-06-30',
        confidentiality: 'restricted',
      },
      { type: 'hsCode', id: '610910', source: 'BE-AGD', reason: 'misclassification', confidentiality: 'public' },
    ]);
    // Our side, holding the same key, finds the entry for its own importer by the same token.
    expect(rows.some((r) => r.id === shared.token(' imp-42 '))).toBe(true);
    expect(readFileSync(result.file, 'utf8').split('\n')[0]).toBe('type,id,source,reason,validUntil,confidentiality');
  });

  it('takes the source from the command line when rows lack it, and refuses rows without any', () => {
    const exportFile = join(dir, 'x.csv');
    writeFileSync(exportFile, `type,id,source\nimporter,${shared.token('A')},\n`);
    expect(importPartnerExport(exportFile, { into: dir, identifiers: DEFAULT_IDENTIFIERS }).refused).toHaveLength(1);
    const ok = importPartnerExport(exportFile, {
      into: dir,
      identifiers: DEFAULT_IDENTIFIERS,
      source: 'NL',
      name: 'nl',
    });
    expect(ok).toMatchObject({ imported: 1, file: join(dir, 'nl.csv') });
  });

  it('names the missing column of a file that is not a watchlist', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'kind,value\nimporter,x\n');
    expect(() => importPartnerExport(bad, { into: dir, identifiers: DEFAULT_IDENTIFIERS })).toThrow(
      /bad\.csv:1, field "kind": unknown column "kind"/,
    );
  });
});
