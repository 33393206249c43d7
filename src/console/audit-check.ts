import type { RedisClient as Redis } from '../queue/connection.js';
import { auditKeys, parseEntry, parseHead } from '../audit/keys.js';
import { auditEntry, consignmentHash, recordHash, type AuditRecord } from '../audit/record.js';
import type { Consignment } from '../declaration/record.js';
import type { Decision } from '../decision/decision.js';
import type { AuditPosition } from './decisions-index.js';

export interface AuditCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface AuditStanding {
  position: AuditPosition;
  /** Stream entry holding the record (for `targeting audit verify --from`). */
  entry?: string;
  headSeq?: number;
  checks: AuditCheck[];
  ok: boolean;
}

/** The record at `seq` and the entry holding it, found through the log's index (no stream scan). */
async function recordAt(
  redis: Redis,
  stream: string,
  seq: number,
): Promise<{ entry: string; record: AuditRecord } | undefined> {
  const keys = auditKeys(stream);
  const [entry] = await redis.zrevrangebyscore(keys.index, seq, '-inf', 'LIMIT', 0, 1);
  if (!entry) return undefined;
  const found = (await redis.xrange(keys.stream, entry, entry)) as [string, string[]][];
  if (found.length === 0) return undefined;
  const record = parseEntry(found[0]).records.find((r) => (r as AuditRecord | null)?.seq === seq) as
    AuditRecord | undefined;
  return record ? { entry, record } : undefined;
}

/**
 * The decision's audit record checked where it stands: its hash, that it
 * records this decision on this consignment, and its links to the records
 * before and after it. The whole chain is proven by `targeting audit verify`.
 */
export async function checkAuditPosition(
  redis: Redis,
  position: AuditPosition,
  decision: Decision,
  consignment: Consignment,
): Promise<AuditStanding> {
  const checks: AuditCheck[] = [];
  const at = await recordAt(redis, position.stream, position.seq);
  const head = parseHead(await redis.get(auditKeys(position.stream).head));
  if (!at) {
    checks.push({
      name: 'record present',
      ok: false,
      detail: `seq ${position.seq} is not in ${position.stream} (trimmed by retention, or removed)`,
    });
    return { position, checks, ok: false, ...(head ? { headSeq: head.seq } : {}) };
  }
  const r = at.record;
  const sealed = recordHash(r) === r.hash && r.hash === position.hash;
  checks.push({
    name: 'record intact',
    ok: sealed,
    detail: sealed
      ? `hash ${r.hash.slice(0, 16)}… matches its content`
      : 'the stored record does not hash to what was indexed',
  });
  const expected = auditEntry(decision, consignmentHash(consignment));
  const same =
    r.id === expected.id &&
    r.consignment === expected.consignment &&
    r.score === expected.score &&
    r.channel === expected.channel &&
    r.ruleset === expected.ruleset &&
    r.decidedAt === expected.decidedAt;
  checks.push({
    name: 'records this decision',
    ok: same,
    detail: same
      ? 'id, consignment hash, score, channel, rule set and time agree'
      : 'the record differs from the decision shown here',
  });
  if (r.seq > 1) {
    const before = await recordAt(redis, position.stream, r.seq - 1);
    checks.push(
      before
        ? { name: 'linked to its predecessor', ok: before.record.hash === r.prev, detail: `seq ${r.seq - 1}` }
        : {
            name: 'linked to its predecessor',
            ok: true,
            detail: `seq ${r.seq - 1} is past retention (the anchor covers it)`,
          },
    );
  }
  const after = await recordAt(redis, position.stream, r.seq + 1);
  if (after)
    checks.push({ name: 'its successor links to it', ok: after.record.prev === r.hash, detail: `seq ${r.seq + 1}` });
  return {
    position,
    entry: at.entry,
    ...(head ? { headSeq: head.seq } : {}),
    checks,
    ok: checks.every((c) => c.ok),
  };
}
