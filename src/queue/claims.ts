import type { Redis } from 'ioredis';
import { ownKey } from './names.js';

/**
 * Each consignment id is owned by the first job that decides it: only the owner
 * emits its decision, so an id submitted twice (alone, in two batches, or after a
 * crash) yields one decision. Owners are kept in hashes bucketed by time, so a
 * claim lives between one and two dedupe windows and memory stays bounded. The
 * owner asks again when it is retried after a crash and gets the same answer.
 */
const CLAIM_SCRIPT = `
local owned = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local holder = redis.call('HGET', KEYS[2], id)
  if not holder then
    if redis.call('HSETNX', KEYS[1], id, ARGV[1]) == 1 then
      holder = ARGV[1]
    else
      holder = redis.call('HGET', KEYS[1], id)
    end
  end
  if holder == ARGV[1] then owned[#owned + 1] = i - 3 end
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return owned
`;

type ClaimingRedis = Redis & {
  claimConsignments(current: string, previous: string, owner: string, ttlS: number, ...ids: string[]): Promise<number[]>;
};

export interface Claims {
  /** Indexes into `ids` of the consignments `owner` may decide. */
  claim(ids: string[], owner: string, now?: number): Promise<number[]>;
}

export function createClaims(redis: Redis, prefix: string, queue: string, windowS: number): Claims {
  const r = redis as ClaimingRedis;
  if (typeof r.claimConsignments !== 'function') {
    redis.defineCommand('claimConsignments', { numberOfKeys: 2, lua: CLAIM_SCRIPT });
  }
  const key = (bucket: number) => ownKey(prefix, queue, 'claims', String(bucket));
  return {
    async claim(ids, owner, now = Date.now()) {
      if (ids.length === 0) return [];
      const bucket = Math.floor(now / 1000 / windowS);
      return r.claimConsignments(key(bucket), key(bucket - 1), owner, windowS * 2, ...ids);
    },
  };
}
