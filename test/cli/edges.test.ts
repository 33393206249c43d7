import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from './run-cli.js';

describe('targeting, at its edges', () => {
  it('prints its version and lists every command without loading them', () => {
    expect(runCli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const name of ['score', 'rules', 'evaluate', 'worker', 'submit', 'results', 'rejected', 'audit'])
      expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('names REDIS_URL and QUEUE_PREFIX in the help of the queue commands', () => {
    for (const name of ['submit', 'results', 'rejected']) {
      const out = runCli([name, '--help']).stdout;
      expect(out).toContain('REDIS_URL');
      expect(out).toContain('QUEUE_PREFIX');
    }
  });

  it('reports a missing file in one line, without a stack', () => {
    for (const args of [
      ['explain', 'missing.json'],
      ['score', 'missing.csv'],
      ['audit', 'verify', '--file', 'missing.ndjson'],
    ]) {
      const r = runCli(args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/^error: missing\.\w+: no such file or directory\n$/);
    }
  });

  it('evaluate --json without a file prints the measures to stdout and the summary to stderr', () => {
    const r = runCli(['evaluate', '--train', 'datasets/sample.csv', '--test', 'datasets/sample.csv', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 5000, at: { '5': { precision: expect.any(Number) } } });
    expect(r.stderr).toMatch(/^evaluated default@[0-9a-f]{12} on 5000 labelled test declarations/m);
  }, 120_000);

  it('stops quietly when the reader of its output goes away', async () => {
    const child = spawn(process.execPath, [CLI, 'dataset', 'generate', '--rows', '200000', '--seed', '1']);
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
