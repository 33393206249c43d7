import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { exitOnRefusal, requireRedis } from '../redis-checks.js';
import { checkTopology, closeClient, createRedis } from '../../queue/connection.js';
import { allPrefixes } from '../../queue/partitions.js';
import { createLogger } from '../../log.js';
import { startDashboard } from '../../ops/dashboard.js';
import { FEEDBACK_QUEUE } from '../../queue/feedback.js';
import { positiveInteger } from './worker.js';

export function register(program: Command): void {
  program
    .command('dashboard')
    .description(
      'bull-board on the consignments, decisions, rejected and feedback queues (basic auth: DASHBOARD_USER/DASHBOARD_PASSWORD)',
    )
    .option('--port <n>', 'port to listen on', positiveInteger, 3030)
    .option(
      '--host <address>',
      'address to bind; the board can retry and delete jobs, so loopback unless you need it',
      '127.0.0.1',
    )
    .action(async (opts: { port: number; host: string }) => {
      const config = loadConfig(process.env);
      const auth = config.dashboardAuth;
      const log = createLogger('dashboard');
      await checkTopology(config);
      await requireRedis(config);
      const redis = createRedis(config);
      exitOnRefusal(config, redis);
      const prefixes = allPrefixes(config.prefix, config.partitions);
      const dashboard = await startDashboard({
        connection: redis,
        prefix: prefixes,
        // Feedback is not partitioned: shown on an unpartitioned stream only (it lives under QUEUE_PREFIX itself).
        queues: [
          config.queues.consignments,
          config.queues.decisions,
          config.queues.rejected,
          ...(config.partitions ? [] : [FEEDBACK_QUEUE]),
        ],
        port: opts.port,
        host: opts.host,
        ...(auth ? { auth } : {}),
      });
      log.info({ url: dashboard.url, auth: auth ? 'basic' : 'none' }, 'dashboard listening');
      process.stderr.write(`dashboard: ${dashboard.url}${auth ? ' (basic auth)' : ''}\n`);
      const stop = () =>
        void dashboard
          .close()
          .then(() => closeClient(redis))
          .then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
