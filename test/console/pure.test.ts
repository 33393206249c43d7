import { describe, expect, it } from 'vitest';
import { traderRedactor, visibleConsignment, WITHHELD } from '../../src/console/access.js';
import { dayExpiry, indexCommands, worklistRow } from '../../src/console/decisions-index.js';
import { html } from '../../src/console/html.js';
import { LoginThrottle } from '../../src/console/rate-limit.js';
import { parseResult } from '../../src/console/results.js';
import { newSession, readSession, sessionCookieValue } from '../../src/console/session.js';
import { toConsignment } from '../../src/declaration/validate.js';
import type { Decision } from '../../src/decision/decision.js';

const decision = (id: string, channel: Decision['channel'], decidedAt = '2026-03-04T10:20:30.000Z'): Decision => ({
  id,
  score: channel === 'red' ? 80 : channel === 'yellow' ? 45 : 0,
  channel,
  hits: channel === 'green' ? [] : [{ rule: 'lane', points: 45, reason: 'importer IM9 on a risky lane' }],
  ruleset: 'default@000000000000',
  decidedAt,
});

describe('html', () => {
  // Called through another name: prettier would reformat an `html` literal's whitespace.
  const h = html;
  it('escapes every interpolated value, keeps nested markup, drops empty values', () => {
    const evil = `<script>alert("x")</script>&'`;
    expect(h`<p title="${evil}">${evil}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
    );
    expect(h`<ul>${['a<', 'b'].map((x) => h`<li>${x}</li>`)}</ul>${undefined}${false}`.text).toBe(
      '<ul><li>a&lt;</li><li>b</li></ul>',
    );
  });
});

describe('decisions index commands', () => {
  const c = toConsignment({ id: 'D1', office: 'SEA01', importer: 'IM9' });
  it('counts every decision; only red and yellow ones get a hash, a row and a place in the sorted sets', () => {
    const cmds = indexCommands(
      [
        { decision: decision('D1', 'red'), consignment: c, audit: { stream: 's', seq: 7, hash: 'h' } },
        { decision: decision('D2', 'green'), consignment: toConsignment({ id: 'D2', office: 'SEA01' }) },
      ],
      { prefix: 'p', retentionDays: 30 },
    );
    const keysOf = (name: string) => cmds.filter((x) => x[0] === name).map((x) => x[1]);
    expect(keysOf('hset')).toEqual(['{p}:console:d:D1', '{p}:console:day:2026-03-04:rows']);
    expect(keysOf('zadd').sort()).toEqual(
      [
        '{p}:console:day:2026-03-04:time',
        '{p}:console:day:2026-03-04:score',
        '{p}:console:day:2026-03-04:channel:red',
        '{p}:console:day:2026-03-04:office:SEA01',
        '{p}:console:day:2026-03-04:selection:rule',
        '{p}:console:day:2026-03-04:rule:lane',
        '{p}:console:days',
      ].sort(),
    );
    const incr = new Map(cmds.filter((x) => x[0] === 'hincrby').map((x) => [x[2], x[3]]));
    expect(incr.get('n')).toBe(2); // summed: one command per counter
    for (const f of ['c:red', 'c:green', 'h:10:red', 'r:lane', 'o:SEA01']) expect(incr.get(f)).toBe(1);
    // Every key written expires `retentionDays` after its day.
    const expiring = new Set(cmds.filter((x) => x[0] === 'expireat').map((x) => x[1]));
    for (const key of [...keysOf('hset'), ...keysOf('zadd')])
      if (key !== '{p}:console:days') expect(expiring).toContain(key);
    expect(cmds.find((x) => x[0] === 'expireat')![2]).toBe(dayExpiry('2026-03-04', 30));
    expect(dayExpiry('2026-03-04', 30)).toBe(Date.parse('2026-04-04T00:00:00Z') / 1000);
  });

  it('writes one ZADD per sorted set and one HSET of rows per day, whatever the number of decisions in them', () => {
    const red = ['D1', 'D2', 'D3'].map((id) => ({
      decision: decision(id, 'red'),
      consignment: toConsignment({ id, office: 'SEA01' }),
    }));
    const cmds = indexCommands(red, { prefix: 'p', retentionDays: 30 });
    const byTime = cmds.filter((x) => x[0] === 'zadd' && x[1] === '{p}:console:day:2026-03-04:time');
    expect(byTime).toHaveLength(1);
    expect(byTime[0].slice(2).filter((_, i) => i % 2 === 1)).toEqual(['D1', 'D2', 'D3']);
    const rows = cmds.filter((x) => x[0] === 'hset' && x[1] === '{p}:console:day:2026-03-04:rows');
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(2).filter((_, i) => i % 2 === 0)).toEqual(['D1', 'D2', 'D3']);
    // One hash per decision still: each is its own key.
    expect(cmds.filter((x) => x[0] === 'hset')).toHaveLength(4);
  });

  it('a row keeps the top reasons, the item they concern and the trader ids (for redaction only)', () => {
    const d = decision('D1', 'red');
    d.hits = [
      { rule: 'a', points: 10, reason: 'small' },
      { rule: 'b', points: 50, reason: 'big', item: 2 } as Decision['hits'][number],
      { rule: 'c', points: 30, reason: 'mid' },
      { rule: 'd', points: 20, reason: 'low' },
    ];
    const row = worklistRow(d, c);
    expect(row.reasons).toEqual([
      { rule: 'b', reason: 'big', item: 2 },
      { rule: 'c', reason: 'mid' },
      { rule: 'd', reason: 'low' },
    ]);
    expect(row.traders).toEqual(['IM9']);
  });
});

describe('purpose limitation on screen', () => {
  it('withholds trader identifiers in fields and in reasons from roles without them', () => {
    const c = toConsignment({ id: 'D1', importer: 'IM9', exporter: 'EX1', office: 'SEA01' });
    expect(visibleConsignment(c, false)).toMatchObject({ importer: WITHHELD, exporter: WITHHELD, office: 'SEA01' });
    expect(visibleConsignment(c, true)).toMatchObject({ importer: 'IM9' });
    expect(traderRedactor(['IM9'], false)('importer IM9 on a lane')).toBe(`importer ${WITHHELD} on a lane`);
    expect(traderRedactor(['IM9'], true)('importer IM9')).toBe('importer IM9');
  });
});

describe('sessions', () => {
  const secret = Buffer.from('s'.repeat(32));
  it('accepts its own signed cookie until it expires; refuses a changed one or another secret', () => {
    const s = newSession('olga', 1000);
    const value = sessionCookieValue(secret, s);
    expect(readSession(secret, value, 2000)).toEqual(s);
    expect(readSession(secret, value, s.expires + 1)).toBeUndefined();
    expect(readSession(Buffer.from('other'), value, 2000)).toBeUndefined();
    const forged = Buffer.from(JSON.stringify({ ...s, user: 'admin' })).toString('base64url');
    expect(readSession(secret, `${forged}.${value.split('.')[1]}`, 2000)).toBeUndefined();
  });
});

describe('login throttle', () => {
  it('lets two failures pass, then makes each attempt wait, doubling; success forgets', () => {
    let now = 0;
    const t = new LoginThrottle(2, () => now);
    t.failed(['ana']);
    t.failed(['ana']);
    expect(t.waitMs(['ana'])).toBe(0);
    t.failed(['ana']);
    expect(t.waitMs(['ana'])).toBe(5000);
    now = 5000;
    expect(t.waitMs(['ana'])).toBe(0);
    t.failed(['ana']);
    expect(t.waitMs(['ana'])).toBe(10_000);
    expect(t.waitMs(['bob'])).toBe(0);
    t.succeeded(['ana']);
    expect(t.waitMs(['ana'])).toBe(0);
  });
});

describe('result form', () => {
  it('takes an outcome, a revenue and a note, and says what is wrong otherwise', () => {
    expect(parseResult({ outcome: 'illicit', revenue: '1,250.50', note: ' found ' })).toEqual({
      outcome: 'illicit',
      revenue: 1250.5,
      note: 'found',
    });
    expect(parseResult({ outcome: 'compliant', revenue: '' })).toEqual({ outcome: 'compliant', revenue: 0, note: '' });
    expect(parseResult({ outcome: 'maybe' })).toEqual({ problem: 'choose compliant or illicit' });
    expect(parseResult({ outcome: 'illicit', revenue: '-3' })).toHaveProperty('problem');
    expect(parseResult({ outcome: 'compliant', revenue: '10' })).toHaveProperty('problem');
  });
});
