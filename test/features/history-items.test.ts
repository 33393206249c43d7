import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAllLabelled } from '../../src/features/history.js';

const dir = mkdtempSync(join(tmpdir(), 'history-items-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('history with declarations of several items', () => {
  it('reads each goods item as a row with its header; a header label is every item’s unless the item has its own', async () => {
    const file = join(dir, 'history.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify({
          id: 'H1',
          importer: 'I1',
          illicit: 0,
          items: [{ hsCode: '610910' }, { hsCode: '420221', illicit: 1 }],
        }),
        JSON.stringify({ id: 'H2', importer: 'I2', hsCode: '851712', illicit: 1 }),
      ].join('\n'),
    );
    const rows = await readAllLabelled(file);
    expect(rows.map((r) => [r.consignment.id, r.consignment.importer, r.consignment.hsCode, r.illicit])).toEqual([
      ['H1', 'I1', '610910', 0],
      ['H1', 'I1', '420221', 1],
      ['H2', 'I2', '851712', 1],
    ]);
    expect(rows[0].consignment.extra).toEqual({});
  });
});
