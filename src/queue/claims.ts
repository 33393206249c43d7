import type { Redis } from 'ioredis';
import { groupCommit } from './group-commit.js';
import { ownKey } from './names.js';

/**
 * Each consignment id is owned by the first job that decides it: only the owner
 * emits its decision, so an id submitted twice (alone, in two batches, or after a
 * crash) yields one decision. Owners are kept in hashes bucketed by time, so a
 * claim lives between one and two dedupe windows and memory stays bounded. The
 * owner asks again when it is retried after a crash and gets the same answer.
 * ARGV: ttl, then (id, owner) pairs; returns the 0-based pair indexes owned.
 */
const CLAIM_SCRIPT = `
local owned = {}
for i = 2, #ARGV, 2 do
  local id, owner = ARGV[i], ARGV[i + 1]
  local holder = redis.call('HGET', KEYS[2], id)
  if not holder then
    if redis.call('HSETNX', KEYS[1], id, owner) == 1 then
      holder = owner
    else
      holder = redis.call('HGET', KEYS[1], id)
    end
  end
  if holder == owner then owned[#owned + 1] = (i - 2) / 2 end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return owned
`;

type ClaimingRedis = Redis & {
  claimConsignments(current: string, previous: string, ttlS: number, ...idOwnerPairs: string[]): Promise<number[]>;
};

export interface Claims {
  /** Indexes into `ids` of the consignments `owner` may decide. */
  claim(ids: string[], owner: string): Promise<number[]>;
}

interface ClaimRequest {
  ids: string[];
  owner: string;
}

/** Claims of concurrent jobs share one script call (group commit). */
export function createClaims(redis: Redis, prefix: string, queue: string, windowS: number, now: () => number = Date.now): Claims {
  const r = redis as ClaimingRedis;
  if (typeof r.claimConsignments !== 'function') {
    redis.defineCommand('claimConsignments', { numberOfKeys: 2, lua: CLAIM_SCRIPT });
  }
  const key = (bucket: number) => ownKey(prefix, queue, 'claims', String(bucket));
  const claimGroup = groupCommit<ClaimRequest, number[]>(async (reqs) => {
    const args: string[] = [];
    for (const { ids, owner } of reqs) for (const id of ids) args.push(id, owner);
    const bucket = Math.floor(now() / 1000 / windowS);
    const owned = await r.claimConsignments(key(bucket), key(bucket - 1), windowS * 2, ...args);
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
  };
}
