import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/decision/decision.js';
import {
  DEFAULT_DECISION_FIELDS,
  DEFAULT_IDENTIFIERS,
  DEFAULT_WATCHLIST_FIELDS,
  shareRecord,
  shareWatchlistEntry,
  type SharePolicy,
} from '../../src/share/export.js';
import { createPseudonymiser } from '../../src/share/pseudonymise.js';

const pseudonymiser = createPseudonymiser(Buffer.from('k'.repeat(48)));
const decision: Decision & Record<string, unknown> = {
  id: 'DECL-2026-0001',
  score: 80,
  channel: 'red',
  hits: [{ rule: 'undervalued', points: 80, reason: 'value far below the profile median' }],
  ruleset: 'default@0123456789ab',
  profile: 'p@1',
  decidedAt: '2026-11-23T09:00:00.000Z',
  importer: 'IMP-42',
  internalNote: 'for our eyes only',
};

describe('shareRecord', () => {
  const policy: SharePolicy = { pseudonymiser, fields: DEFAULT_DECISION_FIELDS, identifiers: DEFAULT_IDENTIFIERS };

  it('keeps only whitelisted fields and tokenises the identifiers among them', () => {
    const shared = shareRecord(decision, policy);
    expect(Object.keys(shared).sort()).toEqual([...DEFAULT_DECISION_FIELDS].sort());
    expect(shared.id).toBe(pseudonymiser.token('DECL-2026-0001'));
    expect(shared).toMatchObject({ channel: 'red', score: 80, ruleset: decision.ruleset, hits: decision.hits });
    expect(JSON.stringify(shared)).not.toContain('IMP-42');
    expect(JSON.stringify(shared)).not.toContain('our eyes');
  });

  it('shares a whitelisted trader field only as a token', () => {
    const shared = shareRecord(decision, { ...policy, fields: ['id', 'channel', 'importer'] });
    expect(shared).toEqual({
      id: pseudonymiser.token(decision.id),
      channel: 'red',
      importer: pseudonymiser.token('IMP-42'),
    });
  });
});

describe('shareWatchlistEntry', () => {
  const policy: SharePolicy = {
    pseudonymiser,
    fields: DEFAULT_WATCHLIST_FIELDS,
    identifiers: DEFAULT_IDENTIFIERS,
    source: 'FR-DGDDI',
  };

  it('tokenises trader entries, keeps goods and route entries readable, writes our source', () => {
    const trader = shareWatchlistEntry(
      {
        type: 'importer',
        id: 'IMP-42',
        source: 'local',
        reason: 'undervaluation',
        validUntil: '2027-01-01',
        confidentiality: 'restricted',
      },
      policy,
    );
    expect(trader).toEqual({
      entry: {
        type: 'importer',
        id: pseudonymiser.token('IMP-42'),
        source: 'FR-DGDDI',
        reason: 'undervaluation',
        validUntil: '2027-01-01',
        confidentiality: 'restricted',
      },
    });
    const goods = shareWatchlistEntry(
      { type: 'hsCode', id: '610910', source: 'local', reason: 'misclassification' },
      policy,
    );
    expect(goods).toEqual({ entry: { type: 'hsCode', id: '610910', source: 'FR-DGDDI', reason: 'misclassification' } });
  });

  it('leaves out columns outside the whitelist but always keeps type, id and source', () => {
    const shared = shareWatchlistEntry(
      { type: 'exporter', id: 'EXP-1', source: 'local', reason: 'internal case 77', confidentiality: 'secret' },
      { ...policy, fields: ['validUntil'] },
    );
    expect(shared).toEqual({ entry: { type: 'exporter', id: pseudonymiser.token('EXP-1'), source: 'FR-DGDDI' } });
  });

  it('does not pass on entries received from a partner', () => {
    const received = {
      type: 'importer' as const,
      id: createPseudonymiser(Buffer.from('p'.repeat(48))).token('IMP-9'),
      source: 'BE',
    };
    expect(shareWatchlistEntry(received, policy)).toHaveProperty('skipped');
  });
});
