import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The project as a dependency: packed as `npm publish` would, installed with a
 * plain `npm install <tarball>` into an empty project (none of our overrides
 * apply there), and used through its public API from a script of that project.
 * Needs the npm registry; `npm test` has built dist/ before it runs.
 */
describe('the packed library', () => {
  const dir = mkdtempSync(join(tmpdir(), 'targeting-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('installs in an empty project and decides a consignment through createEngine', () => {
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
    npm(['pack', '--ignore-scripts', '--pack-destination', dir], resolve('.'));
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'user-project', version: '1.0.0', type: 'module' }),
    );
    npm(['install', '--no-audit', '--no-fund', `./${tarball}`], dir);
    writeFileSync(
      join(dir, 'decide.mjs'),
      `import { createEngine, RecordError } from 'customs-targeting';
const engine = await createEngine({ rules: 'node_modules/customs-targeting/rules' });
const decision = engine.decide({ id: 'C1', hsCode: '610910', origin: 'CN', value: 100, weight: 5000, quantity: 1000 });
let refused = '';
try { engine.decide({ id: 'C2', hsCode: '61AB' }); } catch (e) { refused = e instanceof RecordError ? e.code : String(e); }
console.log(JSON.stringify({ decision, refused }));
`,
    );
    const out = JSON.parse(execFileSync('node', ['decide.mjs'], { cwd: dir, encoding: 'utf8' })) as {
      decision: { id: string; channel: string; ruleset: string; hits: { rule: string }[] };
      refused: string;
    };
    expect(out.decision.id).toBe('C1');
    expect(out.decision.ruleset).toMatch(/^default@[0-9a-f]{12}$/);
    expect(out.decision.hits.map((h) => h.rule)).toContain('garments-below-reference-price');
    expect(out.refused).toBe('BAD_HS_CODE');
    // TypeScript users get the declarations the package names.
    expect(readdirSync(join(dir, 'node_modules/customs-targeting/dist/src'))).toContain('index.d.ts');
    // The library does not drag in the profile builder's dependencies.
    expect(readdirSync(join(dir, 'node_modules'))).not.toContain('danfojs-node');
  }, 300_000);
});
