import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsHelp } from '../../src/config/help.js';
import { SETTINGS } from '../../src/config/settings.js';

describe('the settings schema', () => {
  const settings = Object.values(SETTINGS);

  it('lists every setting in the worker help, with its default', () => {
    const help = settingsHelp();
    for (const s of settings) {
      const line = help.split('\n').find((l) => l.trim().startsWith(`${s.env} `));
      expect(line, s.env).toBeDefined();
      if (s.shown !== undefined) expect(line).toContain(`[default: ${s.shown}]`);
    }
  });

  it('is documented: every variable appears in the operations or protection guide', () => {
    const docs = readFileSync('docs/operations.md', 'utf8') + readFileSync('docs/protection.md', 'utf8');
    expect(settings.filter((s) => !docs.includes(`\`${s.env}`)).map((s) => s.env)).toEqual([]);
  });
});
