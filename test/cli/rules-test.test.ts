import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rules-test-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('targeting rules test', () => {
  it('runs the shipped rule tests and exits 0', () => {
    const r = runCli(['rules', 'test', 'rules']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^rules\/tests\/default\.json\n {2}✔ /);
    expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
  });

  it('exits 1 with expected and actual for a failing case, also when given the tests directory', () => {
    const tests = join(dir, 'tests');
    mkdirSync(tests);
    writeFileSync(
      join(tests, 'x.json'),
      JSON.stringify({
        cases: [
          {
            name: 'wrong',
            consignment: { id: 'W', hsCode: '610910', weight: 100, value: 1300, taxes: 260 },
            expect: { channel: 'red' },
          },
        ],
      }),
    );
    const r = runCli(['rules', 'test', 'rules', '--tests', tests, '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      passed: 0,
      failed: 1,
      cases: [{ name: 'wrong', failures: ['channel: expected red, got green (score 0)'] }],
    });
  });
});
