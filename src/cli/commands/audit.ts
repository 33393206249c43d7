import type { Command } from 'commander';
import { auditOptionsFromEnv, retentionFrom } from '../../audit/config.js';
import type { VerifyResult } from '../../audit/chain.js';
import { createAuditLog } from '../../audit/stream-log.js';
import { verifyFile, verifyStream } from '../../audit/verify.js';
import { createRedis, DEFAULT_REDIS_URL } from '../../queue/connection.js';

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
      const result = opts.file
        ? await verifyFile(opts.file, opts)
        : await withRedis((redis) => verifyStream(redis, streamKey(opts.stream), opts));
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.stderr.write(`${summary(result, opts.file ?? streamKey(opts.stream))}\n`);
      if (!result.ok) process.exitCode = TAMPERED_EXIT_CODE;
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
      const result = await withRedis(async (redis) => {
        const log = createAuditLog(redis, { key: streamKey(opts.stream), retention });
        try {
          return await log.trim();
        } finally {
          await log.close();
        }
      });
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}

function streamKey(option?: string): string {
  return option ?? auditOptionsFromEnv().key;
}

export async function withRedis<T>(task: (redis: ReturnType<typeof createRedis>) => Promise<T>): Promise<T> {
  // A CLI run should fail fast when Redis is unreachable, not retry forever as a worker does.
  const redis = createRedis(
    { redisUrl: process.env.REDIS_URL?.trim() || DEFAULT_REDIS_URL },
    { maxRetriesPerRequest: 1, retryStrategy: () => null },
  );
  try {
    return await task(redis);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

function summary(result: VerifyResult & { start: string }, where: string): string {
  const span = result.first && result.last ? `seq ${result.first.seq}–${result.last.seq}` : 'no records';
  if (result.ok) return `audit log ${where}: OK, ${result.checked} records verified (${span}, from ${result.start})`;
  const b = result.break!;
  return `audit log ${where}: ${b.kind.toUpperCase()} at ${b.ref ?? `position ${b.index}`}: ${b.message}`;
}
