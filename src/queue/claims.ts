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
 * ARGV: ttl, number of owners, (owner, id count) per owner, then every owner's
 * ids in that order. Returns the 0-based positions, among all ids, to emit.
 * Look-ups and writes go a chunk of ids per command (HMGET, HSET), not one
 * command per id: a 1,000-record batch costs a handful of calls, not 3,000.
 */
const CLAIM_SCRIPT = `
local owners = tonumber(ARGV[2])
local first = 3 + 2 * owners
local ids = {}
for i = first, #ARGV do ids[#ids + 1] = ARGV[i] end
local holders = {}
local CHUNK = 2000
for s = 1, #ids, CHUNK do
  local e = math.min(s + CHUNK - 1, #ids)
  local now = redis.call('HMGET', KEYS[1], unpack(ids, s, e))
  local before = redis.call('HMGET', KEYS[2], unpack(ids, s, e))
  for k = 1, e - s + 1 do holders[s + k - 1] = now[k] or before[k] end
end
local claimed = {}
local writes = {}
local owned = {}
local pos = 0
for o = 1, owners do
  local owner = ARGV[1 + 2 * o]
  local emitted = redis.call('HEXISTS', KEYS[3], owner) == 1 or redis.call('HEXISTS', KEYS[4], owner) == 1
  for k = 1, tonumber(ARGV[2 + 2 * o]) do
    pos = pos + 1
    local id = ids[pos]
    local holder = holders[pos] or claimed[id]
    if not holder then
      holder = owner
      claimed[id] = owner
      writes[#writes + 1] = id
      writes[#writes + 1] = owner
    end
    if holder == owner and not emitted then owned[#owned + 1] = pos - 1 end
  end
end
for s = 1, #writes, 2 * CHUNK do
  redis.call('HSET', KEYS[1], unpack(writes, s, math.min(s + 2 * CHUNK - 1, #writes)))
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return owned
`;

type ClaimCommand<R> = (claimsNow: string, claimsBefore: string, emittedNow: string, emittedBefore: string, ttlS: number, owners: number, ...ownersThenIds: (string | number)[]) => R;

export interface ClaimRequest {
  ids: string[];
  owner: string;
}

/** Reads, from the replies of the pipeline it was queued on, the claims of each request in order. */
export type ClaimReader = (replies: [Error | null, unknown][]) => number[][];

export interface Claims {
  /** Indexes into `ids` of the consignments `owner` must emit decisions for. */
  claim(ids: string[], owner: string): Promise<number[]>;
  /**
   * Queues the claims of several requests as one script call on `pipeline`
   * (on the connection the claims were created with), so they can share a round
   * trip with other commands; the reader gives each request its indexes.
   */
  queue(pipeline: ChainableCommander, reqs: ClaimRequest[]): ClaimReader;
  /** Queues, in the transaction that writes their decisions, the marks that these jobs have emitted. */
  markEmitted(tx: ChainableCommander, owners: string[]): void;
}

/** Claims of concurrent jobs share one script call (group commit). */
export function createClaims(redis: Redis, prefix: string, queue: string, windowS: number, now: () => number = Date.now): Claims {
  if (typeof (redis as unknown as { claimConsignments?: unknown }).claimConsignments !== 'function') {
    redis.defineCommand('claimConsignments', { numberOfKeys: 4, lua: CLAIM_SCRIPT });
  }
  const key = (bucket: number) => ownKey(prefix, queue, 'claims', String(bucket));
  const emittedKey = (bucket: number) => ownKey(prefix, queue, 'emitted', String(bucket));
  const bucketNow = () => Math.floor(now() / 1000 / windowS);

  const queueClaims = (pipeline: ChainableCommander, reqs: ClaimRequest[]): ClaimReader => {
    const at = pipeline.length;
    const args: (string | number)[] = [];
    for (const { ids, owner } of reqs) args.push(owner, ids.length);
    for (const { ids } of reqs) for (const id of ids) args.push(id);
    const bucket = bucketNow();
    const command = (pipeline as unknown as { claimConsignments: ClaimCommand<unknown> }).claimConsignments;
    command.call(pipeline, key(bucket), key(bucket - 1), emittedKey(bucket), emittedKey(bucket - 1), windowS * 2, reqs.length, ...args);
    return (replies) => {
      const [err, owned] = replies[at];
      if (err) throw err;
      return splitOwned(owned as number[], reqs);
    };
  };

  const claimGroup = groupCommit<ClaimRequest, number[]>(async (reqs) => {
    const pipeline = redis.pipeline();
    const read = queueClaims(pipeline, reqs);
    return read((await pipeline.exec()) ?? []);
  });
  return {
    async claim(ids, owner) {
      return ids.length === 0 ? [] : claimGroup({ ids, owner });
    },
    queue: queueClaims,
    markEmitted(tx, owners) {
      if (owners.length === 0) return;
      const current = emittedKey(bucketNow());
      tx.hset(current, Object.fromEntries(owners.map((owner) => [owner, 1])));
      tx.expire(current, windowS * 2);
    },
  };
}

/** The script's positions among all ids, back to indexes within each request. */
function splitOwned(owned: number[], reqs: ClaimRequest[]): number[][] {
  const perRequest = reqs.map(() => [] as number[]);
  let start = 0;
  let req = 0;
  for (const position of owned) {
    while (position >= start + reqs[req].ids.length) start += reqs[req++].ids.length;
    perRequest[req].push(position - start);
  }
  return perRequest;
}
