import type { ChainableCommander, Redis } from 'ioredis';
import { groupCommit } from './group-commit.js';
import { ownKey } from './names.js';

/**
 * Each consignment id is owned by the first job that claims it, and each job is
 * marked EMITTED in the same MULTI that writes its decisions. A job gets the ids
 * it owns as long as it has not emitted: an id submitted twice (alone, in two
 * batches) or a job run again after a crash yields no second decision, whether
 * the crash came before the write (the retry emits) or after it (the retry
 * skips). Marks are per job, so a 1,000-record batch costs one field to mark.
 * Claims and marks live in hashes bucketed by time, one to two dedupe windows
 * long, so memory stays bounded.
 * KEYS: claims now, claims before, emitted now, emitted before.
 * ARGV: ttl, then (id, owner) pairs; returns the 0-based indexes of the pairs to emit.
 */
const CLAIM_SCRIPT = `
local owned = {}
local emitted = {}
for i = 2, #ARGV, 2 do
  local id, owner = ARGV[i], ARGV[i + 1]
  local holder = redis.call('HGET', KEYS[1], id) or redis.call('HGET', KEYS[2], id)
  if not holder then
    redis.call('HSET', KEYS[1], id, owner)
    holder = owner
  end
  if holder == owner then
    if emitted[owner] == nil then
      emitted[owner] = redis.call('HEXISTS', KEYS[3], owner) == 1 or redis.call('HEXISTS', KEYS[4], owner) == 1
    end
    if not emitted[owner] then owned[#owned + 1] = (i - 2) / 2 end
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return owned
`;

type ClaimingRedis = Redis & {
  claimConsignments(claimsNow: string, claimsBefore: string, emittedNow: string, emittedBefore: string, ttlS: number, ...idOwnerPairs: string[]): Promise<number[]>;
};

export interface Claims {
  /** Indexes into `ids` of the consignments `owner` must emit decisions for. */
  claim(ids: string[], owner: string): Promise<number[]>;
  /** Queues, in the transaction that writes their decisions, the marks that these jobs have emitted. */
  markEmitted(tx: ChainableCommander, owners: string[]): void;
}

interface ClaimRequest {
  ids: string[];
  owner: string;
}

/** Claims of concurrent jobs share one script call (group commit). */
export function createClaims(redis: Redis, prefix: string, queue: string, windowS: number, now: () => number = Date.now): Claims {
  const r = redis as ClaimingRedis;
  if (typeof r.claimConsignments !== 'function') {
    redis.defineCommand('claimConsignments', { numberOfKeys: 4, lua: CLAIM_SCRIPT });
  }
  const key = (bucket: number) => ownKey(prefix, queue, 'claims', String(bucket));
  const emittedKey = (bucket: number) => ownKey(prefix, queue, 'emitted', String(bucket));
  const bucketNow = () => Math.floor(now() / 1000 / windowS);
  const claimGroup = groupCommit<ClaimRequest, number[]>(async (reqs) => {
    const args: string[] = [];
    for (const { ids, owner } of reqs) for (const id of ids) args.push(id, owner);
    const bucket = bucketNow();
    const owned = await r.claimConsignments(key(bucket), key(bucket - 1), emittedKey(bucket), emittedKey(bucket - 1), windowS * 2, ...args);
    const perRequest = reqs.map(() => [] as number[]);
    let start = 0;
    let req = 0;
    for (const pair of owned) {
      while (pair >= start + reqs[req].ids.length) start += reqs[req++].ids.length;
      perRequest[req].push(pair - start);
    }
    return perRequest;
  });
  return {
    async claim(ids, owner) {
      return ids.length === 0 ? [] : claimGroup({ ids, owner });
    },
    markEmitted(tx, owners) {
      if (owners.length === 0) return;
      const current = emittedKey(bucketNow());
      tx.hset(current, Object.fromEntries(owners.map((owner) => [owner, 1])));
      tx.expire(current, windowS * 2);
    },
  };
}
