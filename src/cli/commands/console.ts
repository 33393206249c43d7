import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config/load.js';
import { DEFAULT_TRADER_ROLES } from '../../console/access.js';
import { startConsole } from '../../console/server.js';
import { DEFAULT_USERS_FILE, ROLES, UserStore, type Role } from '../../console/users.js';
import { ConfigError } from '../../errors.js';
import { createLogger } from '../../log.js';

interface ConsoleFlags {
  port: number;
  host: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
}

const port = (v: string): number => {
  if (!/^\d+$/.test(v) || Number(v) > 65_535) throw new InvalidArgumentError('expected a port from 0 to 65535');
  return Number(v);
};

const usersFile = () => process.env.CONSOLE_USERS_FILE?.trim() || DEFAULT_USERS_FILE;

function traderRoles(): readonly Role[] {
  const text = process.env.CONSOLE_TRADER_ROLES;
  if (text === undefined) return DEFAULT_TRADER_ROLES;
  const roles = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length)
    throw new ConfigError(
      'BAD_CONFIG',
      `CONSOLE_TRADER_ROLES names unknown roles: ${bad.join(', ')}`,
      { field: 'CONSOLE_TRADER_ROLES' },
      `roles are ${ROLES.join(', ')}`,
    );
  return roles as Role[];
}

/** The password from standard input: its first line (never a flag, never echoed to a log). */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (then Enter): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

export function register(program: Command): void {
  const cmd = program
    .command('console')
    .description(
      "the officers' console: worklist, declaration pages, inspection results, overview (users: CONSOLE_USERS_FILE)",
    )
    .option('--port <n>', 'port to listen on', port, 3040)
    .option('--host <address>', 'address to bind (beyond loopback: --cert/--key, or --insecure)', '127.0.0.1')
    .option('--cert <file>', 'TLS certificate (PEM): serve HTTPS')
    .option('--key <file>', 'TLS private key (PEM)')
    .option('--insecure', 'allow plain HTTP on a non-loopback address (TLS terminated in front); logs a warning')
    .action(async (flags: ConsoleFlags) => {
      if (Boolean(flags.cert) !== Boolean(flags.key))
        throw new ConfigError('CONSOLE_TLS', '--cert and --key go together', { field: flags.cert ? 'key' : 'cert' });
      const config = loadConfig(process.env);
      const logger = createLogger('console');
      const running = await startConsole({
        config,
        usersFile: usersFile(),
        ...(process.env.CONSOLE_SESSION_SECRET ? { sessionSecret: process.env.CONSOLE_SESSION_SECRET } : {}),
        port: flags.port,
        host: flags.host,
        ...(flags.cert && flags.key ? { tls: { cert: flags.cert, key: flags.key } } : {}),
        insecure: flags.insecure === true,
        explain: {
          rulesDir: config.rulesDir,
          ...(process.env.RULES_ARCHIVE ? { archive: process.env.RULES_ARCHIVE } : {}),
          ...(config.profile ? { profile: config.profile } : {}),
          ...(config.watchlistsDir ? { watchlistsDir: config.watchlistsDir } : {}),
        },
        traderRoles: traderRoles(),
        logger,
      });
      // Handlers first: whoever waits for the line below may signal at once.
      const stop = () => void running.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      logger.info({ url: running.url, users: usersFile() }, 'console listening');
      process.stderr.write(`console: ${running.url}\n`);
    });

  const user = cmd.command('user').description('console users (CONSOLE_USERS_FILE, default console-users.json)');
  user
    .command('add')
    .description('add a user, or replace one of that name; the password is read from standard input')
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--office <code...>', 'office(s) an officer works for')
    .action(async (name: string, opts: { role: string; office?: string[] }) => {
      const password = await readPassword();
      const store = new UserStore(usersFile());
      const added = await store.add(name, opts.role as Role, opts.office ?? [], password);
      process.stderr.write(
        `user ${added.name} (${added.role}${added.offices.length ? `, ${added.offices.join(', ')}` : ''}) saved in ${store.file}\n`,
      );
    });
  user
    .command('remove')
    .description('remove a user')
    .argument('<name>', 'user name')
    .action((name: string) => {
      const store = new UserStore(usersFile());
      if (!store.remove(name)) throw new ConfigError('NO_SUCH_USER', `no user ${name} in ${store.file}`);
      process.stderr.write(`user ${name} removed from ${store.file}\n`);
    });
  user
    .command('list')
    .description('list users (name, role, offices)')
    .action(() => {
      for (const u of new UserStore(usersFile()).list())
        process.stdout.write(`${u.name}\t${u.role}\t${u.offices.join(',')}\n`);
    });
}
