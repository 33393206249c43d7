import { createHash } from 'node:crypto';
import { hashTaggedPrefix } from './names.js';

/**
 * Partitioned queues: QUEUE_PARTITIONS=N spreads one logical stream over N
 * key prefixes, `{targeting-0}` … `{targeting-N-1}` for prefix `targeting`.
 * Each is a whole queue set of its own (input, decisions, rejected, decided
 * ids, writers' lease, audit chain) in one Redis Cluster slot, so N partitions
 * spread over the masters of a cluster and their writers never wait for each
 * other. Without partitions the prefix is used as it is, as before.
 */
export interface Partitioning {
  /** 0 = not partitioned. */
  count: number;
  prefix: string;
}

/** The key prefix of partition `p`: the prefix's hash tag gets `-p` (`{targeting}` → `{targeting-3}`). */
export function partitionPrefix(prefix: string, p: number): string {
  const tagged = hashTaggedPrefix(prefix);
  return tagged.replace(/\{([^}]+)\}/, (_, tag: string) => `{${tag}-${p}}`);
}

/** Every prefix of the logical stream: the prefix itself when not partitioned. */
export function allPrefixes(prefix: string, partitions?: number, owned?: readonly number[]): string[] {
  if (!partitions) return [prefix];
  const which = owned ?? Array.from({ length: partitions }, (_, p) => p);
  return which.map((p) => partitionPrefix(prefix, p));
}

/**
 * The partition of a consignment id: the first four bytes of the SHA-256 of its
 * UTF-8 text, as an unsigned big-endian integer, modulo the partition count.
 * Stable across processes, versions and languages, so any producer can route.
 */
export function partitionOf(id: string, partitions: number): number {
  if (partitions <= 1) return 0;
  return createHash('sha256').update(id, 'utf8').digest().readUInt32BE(0) % partitions;
}
