import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SENSITIVE_FIELDS } from '../src/log.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

/**
 * Runs createLogger in a child process (it writes to fd 2, as in production) and
 * returns the JSON lines it printed. Each level logs the sensitive values at the
 * top level, one and two objects deep, inside a batch array and in an error.
 */
function logLines(env: Record<string, string>): { text: string; lines: Record<string, unknown>[] } {
  const script = `
    import { configureLogging, createLogger } from './src/log.ts';
    import { logSettings } from './src/config/load.ts';
    const log = createLogger('redaction-test');
    configureLogging(logSettings(process.env));
    const trader = (n) => ({ importer: 'IMP-SECRET-' + n, declarant: 'DECL-SECRET-' + n, exporter: 'EXP-SECRET-' + n, vatNumber: 'VAT-SECRET-' + n, hsCode: '610910' });
    for (const level of ${JSON.stringify(LEVELS)}) {
      log[level]({ ...trader(0), consignment: trader(1), job: { payload: trader(2) }, batch: [trader(3)], err: Object.assign(new Error('bad'), trader(4)) }, 'level ' + level);
    }
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  expect(child.status, child.stderr).toBe(0);
  const text = child.stderr;
  return {
    text,
    lines: text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('log redaction', () => {
  it('hides importer, declarant and exporter at every level and depth, and REDACT_FIELDS too', () => {
    const { text, lines } = logLines({ LOG_LEVEL: 'trace', REDACT_FIELDS: 'vatNumber' });
    expect(lines.map((l) => l.msg).sort(), text).toEqual(LEVELS.map((l) => `level ${l}`).sort());
    expect(text).not.toMatch(/SECRET/);
    for (const line of lines) {
      for (const field of [...SENSITIVE_FIELDS, 'vatNumber']) {
        expect(line[field]).toBe('[redacted]');
        expect((line.consignment as Record<string, unknown>)[field]).toBe('[redacted]');
        expect(((line.job as Record<string, unknown>).payload as Record<string, unknown>)[field]).toBe('[redacted]');
        expect((line.batch as Record<string, unknown>[])[0][field]).toBe('[redacted]');
      }
      // What is not an identifier stays readable: redaction must not blind the operator.
      expect((line.consignment as Record<string, unknown>).hsCode).toBe('610910');
    }
  });

  it('shows configured extra fields when they are not listed in REDACT_FIELDS', () => {
    const { text } = logLines({ LOG_LEVEL: 'trace', REDACT_FIELDS: '' });
    expect(text).toContain('VAT-SECRET-0');
    expect(text).not.toMatch(/(IMP|DECL|EXP)-SECRET/);
  });
});
