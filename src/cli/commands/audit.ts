import type { Command } from 'commander';
import { auditKeys } from '../../audit/keys.js';
import { retentionFrom } from '../../audit/config.js';
import type { VerifyResult } from '../../audit/chain.js';
import { trimAuditLog } from '../../audit/retention.js';
import { verifyFile, verifyStream } from '../../audit/verify.js';
import { loadConfig } from '../../config/load.js';
import { exitOnRefusal } from '../redis-checks.js';
import { ConfigError } from '../../errors.js';
import { checkTopology, closeClient, createRedis, describeEndpoint, type RedisClient } from '../../queue/connection.js';
import { auditStreamKey } from '../../queue/names.js';
import { allPrefixes } from '../../queue/partitions.js';

/** Exit code of `audit verify` when the log does not prove itself (1 is left to errors). */
export const TAMPERED_EXIT_CODE = 2;

interface VerifyOptions {
  from?: string;
  file?: string;
  stream?: string;
}

interface TrimOptions {
  stream?: string;
  maxLen?: string;
  maxAge?: string;
}

export function register(program: Command): void {
  const audit = program
    .command('audit')
    .description('audit trail of decisions: verify the hash chain, apply retention');

  audit
    .command('verify')
    .description('check the audit log record by record; report the first altered, removed or reordered record')
    .option('--from <id>', 'start at this stream entry id (trusting its link to the records before)')
    .option('--file <path>', 'verify an NDJSON mirror (AUDIT_FILE) instead of the Redis stream')
    .option('--stream <key>', 'audit stream key (default AUDIT_STREAM, or {QUEUE_PREFIX}:audit)')
    .action(async (opts: VerifyOptions) => {
      if (opts.file) {
        const result = await verifyFile(opts.file, opts);
        process.stdout.write(`${JSON.stringify(result)}\n`);
        process.stderr.write(`${summary(result, opts.file)}\n`);
        if (!result.ok) process.exitCode = TAMPERED_EXIT_CODE;
        return;
      }
      await withRedis(async (redis, where) => {
        const streams = streamKeys(opts.stream);
        const found = await Promise.all(streams.map((key) => auditLogExists(redis, key)));
        if (!found.some(Boolean)) {
          throw new ConfigError(
            'NO_AUDIT_LOG',
            `no audit log at ${streams.join(', ')} on ${where}`,
            { field: opts.stream ? 'stream' : 'QUEUE_PREFIX' },
            'check QUEUE_PREFIX (and QUEUE_PARTITIONS), AUDIT_STREAM or --stream, and the Redis settings',
          );
        }
        for (const [i, key] of streams.entries()) {
          if (!found[i]) {
            process.stderr.write(`audit log ${key}: none (no decision in this partition yet)\n`);
            continue;
          }
          const result = await verifyStream(redis, key, opts);
          process.stdout.write(`${JSON.stringify(streams.length > 1 ? { stream: key, ...result } : result)}\n`);
          process.stderr.write(`${summary(result, key)}\n`);
          if (!result.ok) process.exitCode = TAMPERED_EXIT_CODE;
        }
      });
    });

  audit
    .command('trim')
    .description('drop records past the retention limits, keeping the chain verifiable from the new first record')
    .option('--stream <key>', 'audit stream key (default AUDIT_STREAM, or {QUEUE_PREFIX}:audit)')
    .option('--max-len <n>', 'keep the newest N records (default AUDIT_MAX_LEN)')
    .option('--max-age <duration>', 'keep records younger than this, e.g. 90d, 12h (default AUDIT_MAX_AGE)')
    .action(async (opts: TrimOptions) => {
      const retention =
        retentionFrom(opts.maxLen ?? process.env.AUDIT_MAX_LEN, opts.maxAge ?? process.env.AUDIT_MAX_AGE) ?? {};
      await withRedis(async (redis) => {
        for (const key of streamKeys(opts.stream)) {
          const result = await trimAuditLog(redis, auditKeys(key), retention);
          process.stdout.write(`${JSON.stringify(result)}\n`);
        }
      });
    });
}

/** `--stream`, else every partition's stream (AUDIT_STREAM, or `{QUEUE_PREFIX}:audit`, one per partition). */
function streamKeys(option?: string): string[] {
  if (option) return [option];
  const config = loadConfig(process.env);
  const custom = config.audit.stream;
  return custom ? [custom] : allPrefixes(config.prefix, config.partitions).map((p) => auditStreamKey(p));
}

/** Whether anything of the log is there: records, the head every append writes, or the anchor a trim of everything leaves. */
async function auditLogExists(redis: RedisClient, key: string): Promise<boolean> {
  const keys = auditKeys(key);
  // One key per call: on a cluster, a key given with --stream need not share the others' slot.
  const counts = await Promise.all([keys.stream, keys.head, keys.anchor].map((k) => redis.exists(k)));
  return counts.some((n) => n > 0);
}

/** A client from the same connection settings as the worker (REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES). */
export async function withRedis<T>(task: (redis: RedisClient, where: string) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  // A CLI run should fail fast when Redis is unreachable, not retry forever as a worker does.
  // A cluster node reached as a single one answers MOVED to every command: refuse with the setting to use.
  await checkTopology(config);
  const redis = createRedis(config, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  // A refusal for good (TLS, credentials, ACL) is one line; unlistened, ioredis would print it with a stack.
  exitOnRefusal(config, redis);
  try {
    return await task(redis, describeEndpoint(config));
  } finally {
    await closeClient(redis);
  }
}

function summary(result: VerifyResult & { start: string }, where: string): string {
  const span = result.first && result.last ? `seq ${result.first.seq}–${result.last.seq}` : 'no records';
  if (result.ok) return `audit log ${where}: OK, ${result.checked} records verified (${span}, from ${result.start})`;
  const b = result.break!;
  return `audit log ${where}: ${b.kind.toUpperCase()} at ${b.ref ?? `position ${b.index}`}: ${b.message}`;
}
