import { describe, expect, it } from 'vitest';
import { createWorkerMetrics } from '../../src/ops/metrics.js';

const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('worker metrics', () => {
  it('counts decisions per channel and rule hits, rejections per code, latency and the rule set in use', async () => {
    const depth: Record<string, Record<string, number>> = {
      consignments: { waiting: 7, active: 2 },
      decisions: { waiting: 3 },
    };
    const m = createWorkerMetrics(undefined, {
      processMetrics: false,
      queues: { names: ['consignments', 'decisions'], counts: async (q) => depth[q] },
    });
    m.decided([
      {
        channel: 'red',
        hits: [
          { rule: 'undervalued', points: 80, reason: 'r' },
          { rule: 'lane', points: 20, reason: 'r' },
        ],
      },
      { channel: 'green', hits: [] },
      { channel: 'red', hits: [{ rule: 'undervalued', points: 80, reason: 'r' }] },
    ]);
    m.rejected(['BAD_HS_CODE', 'BAD_HS_CODE', 'PAYLOAD_TOO_LARGE']);
    m.scoringSeconds(0.0003);
    m.scoringSeconds(0.2);
    m.inUse('default@aaaa', 'p@1');
    m.inUse('default@bbbb');

    const text = await m.registry.metrics();
    expect(value(text, 'targeting_consignments_scored_total{channel="red"}')).toBe(2);
    expect(value(text, 'targeting_consignments_scored_total{channel="green"}')).toBe(1);
    expect(value(text, 'targeting_consignments_scored_total{channel="yellow"}')).toBe(0);
    expect(value(text, 'targeting_rule_hits_total{rule="undervalued"}')).toBe(2);
    expect(value(text, 'targeting_rule_hits_total{rule="lane"}')).toBe(1);
    expect(value(text, 'targeting_rejected_total{code="BAD_HS_CODE"}')).toBe(2);
    expect(value(text, 'targeting_scoring_duration_seconds_count')).toBe(2);
    expect(value(text, 'targeting_scoring_duration_seconds_bucket{le="0.0005"}')).toBe(1);
    expect(value(text, 'targeting_queue_depth{queue="consignments",state="waiting"}')).toBe(7);
    expect(value(text, 'targeting_queue_depth{queue="decisions",state="active"}')).toBe(0);
    // A reload replaces the info series rather than adding one.
    expect(value(text, 'targeting_ruleset_info{ruleset="default@bbbb",profile=""}')).toBe(1);
    expect(text).not.toContain('default@aaaa');
  });
});
