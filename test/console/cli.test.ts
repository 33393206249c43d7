import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../ops/redis-server.js';

const CLI = resolve('dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'console-cli-'));
const usersFile = join(dir, 'users.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI; `until` ends it (SIGTERM) once stderr contains that text. */
function run(args: string[], stdin = '', until?: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, CONSOLE_USERS_FILE: usersFile, QUEUE_PREFIX: `test-console-cli-${process.pid}` },
    });
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      // Once: a second SIGTERM while it closes (more output arrives meanwhile) would kill it before it exits 0.
      if (until && !signalled && stderr.includes(until)) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    child.stdin.end(stdin);
    child.once('exit', (code) => done({ code, stderr }));
  });
}

describe('targeting console (CLI)', () => {
  it('refuses to start without any user and says how to add an admin', async () => {
    const { code, stderr } = await run(['console', '--port', '0']);
    expect(code).toBe(1);
    expect(stderr).toContain('targeting console user add NAME --role admin');
  });

  it('user add reads the password from standard input and keeps only its scrypt hash, owner-only', async () => {
    const added = await run(['console', 'user', 'add', 'chief', '--role', 'admin'], 'a long enough passphrase\n');
    expect(added.code).toBe(0);
    const text = readFileSync(usersFile, 'utf8');
    expect(text).not.toContain('a long enough passphrase');
    expect(JSON.parse(text).users[0]).toMatchObject({
      name: 'chief',
      role: 'admin',
      hash: expect.stringMatching(/^scrypt\$/),
    });
    expect(statSync(usersFile).mode & 0o777).toBe(0o600);
    const weak = await run(['console', 'user', 'add', 'olga', '--role', 'officer', '--office', 'SEA01'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('shorter than 12 characters');
  });

  it('beyond loopback: refuses plain HTTP, or starts with --insecure and a warning', async () => {
    const refused = await run(['console', '--host', '0.0.0.0', '--port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--cert FILE --key FILE');
    const port = await freePort();
    const insecure = await run(
      ['console', '--host', '0.0.0.0', '--port', String(port), '--insecure'],
      '',
      'console: http://',
    );
    expect(insecure.stderr).toContain('console serves plain HTTP beyond loopback');
    expect(insecure.code).toBe(0);
  });
});
