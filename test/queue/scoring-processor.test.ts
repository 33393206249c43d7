import { describe, expect, it } from 'vitest';
import { createDecider } from '../../src/decision/decide.js';
import type { Decider } from '../../src/decision/decision.js';
import { loadRuleSet } from '../../src/ruleset/load.js';
import { scorePayload } from '../../src/queue/scoring-processor.js';
import { TEST_RULES } from '../integration/harness.js';

const limits = { batchMax: 10, maxPayloadBytes: 100_000 };
const decider = createDecider({ ruleset: loadRuleSet(TEST_RULES) });
const at = new Date('2026-01-02T03:04:05Z');

describe('scorePayload', () => {
  it('decides every valid consignment of a batch with one rule set, in order', () => {
    const out = scorePayload(
      [{ id: 'A', value: 200000 }, { id: 'B', value: 10, origin: 'XX' }, { id: 'C' }],
      100,
      decider,
      limits,
      at,
    );
    expect(out.ids).toEqual(['A', 'B', 'C']);
    expect(out.decisions.map((d) => [d.id, d.channel, d.score])).toEqual([
      ['A', 'red', 80],
      ['B', 'yellow', 45],
      ['C', 'green', 0],
    ]);
    expect(out.decisions[0]).toMatchObject({ ruleset: decider.rulesetId, decidedAt: at.toISOString() });
    expect(out.decisions[0].hits[0].reason).toBe('Declared value 200000 is over 100000');
  });

  it('rejects a consignment the decider throws on, and scores the rest', () => {
    const fragile: Decider = {
      rulesetId: 'fragile@1',
      thresholds: decider.thresholds,
      decide: (c, when) => {
        if (c.id === 'boom') throw new Error('division by zero');
        return decider.decide(c, when);
      },
    };
    const out = scorePayload([{ id: 'boom', value: 1 }, { id: 'ok' }], 100, fragile, limits, at);
    expect(out.ids).toEqual(['ok']);
    expect(out.rejections).toEqual([
      {
        code: 'SCORING_FAILED',
        reason: 'rule set fragile@1 could not score it: division by zero',
        id: 'boom',
        payload: { id: 'boom', value: 1 },
      },
    ]);
  });
});
