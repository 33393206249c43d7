import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consignmentHash } from '../../src/audit/record.js';
import {
  emittedDecision,
  loadPurpose,
  parsePurpose,
  readableConsignment,
  UNRESTRICTED,
} from '../../src/config/purpose.js';
import type { Consignment } from '../../src/declaration/record.js';
import type { Decision } from '../../src/decision/decision.js';
import { ConfigError } from '../../src/errors.js';

const consignment: Consignment = {
  id: 'C1',
  importer: 'IMP-1',
  declarant: 'D-1',
  hsCode: '610910',
  value: 10,
  extra: { vatNumber: 'FR999', incoterm: 'FOB' },
};
const decision = {
  id: 'C1',
  score: 10,
  channel: 'green',
  hits: [],
  ruleset: 'r@1',
  profile: 'p@1',
  decidedAt: '2026-11-23T00:00:00Z',
  debug: { trace: 1 },
} as Decision;

describe('purpose limitation', () => {
  const policy = parsePurpose({
    purpose: 'risk-targeting of imports',
    read: ['hsCode', 'value', 'incoterm'],
    emit: ['channel', 'score', 'hits'],
  });

  it('lets the worker read only the listed fields (id always)', () => {
    expect(readableConsignment(consignment, policy)).toEqual({
      id: 'C1',
      hsCode: '610910',
      value: 10,
      extra: { incoterm: 'FOB' },
    });
    expect(readableConsignment(consignment, UNRESTRICTED)).toBe(consignment);
  });

  it('drops every decision field outside emit, unknown ones included, but not from the audit hash', () => {
    expect(emittedDecision(decision, policy)).toEqual({ id: 'C1', channel: 'green', score: 10, hits: [] });
    expect(emittedDecision(decision, UNRESTRICTED)).not.toHaveProperty('debug');
    // The audit hash covers the consignment as received: filtering for reading does not change what it proves.
    expect(consignmentHash(consignment)).not.toBe(consignmentHash(readableConsignment(consignment, policy)));
  });

  it('refuses a configuration it cannot apply, naming the field', () => {
    expect(() => parsePurpose({ purpose: 'x', read: ['hsCode'], emit: ['channel', 'importer'] })).toThrow(
      /unknown decision field\(s\) in "emit": importer/,
    );
    expect(() => parsePurpose({ read: [], emit: [] })).toThrow(/"purpose"/);
    expect(() => parsePurpose({ purpose: 'x', read: 'all', emit: [] })).toThrow(/"read" must be a list/);
  });

  it('loads from a file and names the file when it is unreadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'purpose-'));
    try {
      const file = join(dir, 'purpose.json');
      writeFileSync(file, JSON.stringify({ purpose: 'p', read: ['*'], emit: ['channel'] }));
      expect(loadPurpose(file)).toEqual({ purpose: 'p', read: ['*'], emit: ['id', 'channel'] });
      writeFileSync(file, '{');
      expect(() => loadPurpose(file)).toThrow(ConfigError);
      expect(() => loadPurpose(join(dir, 'missing.json'))).toThrow(/missing\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
