/**
 * `npm run bench -- <name> [options]`: runs bench/<name>.ts from the build. The CLI's benchmarks run as
 * `targeting bench`, `targeting bench e2e` and `targeting bench audit`; docs/benchmarks.md lists them all.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Scripts that print figures; the other files here are pieces the CLI's benchmarks share. */
const SCRIPTS = ['cli-startup', 'evaluate', 'kcs-shaped', 'profile-build'];

const name = process.argv[2];
if (!name || !SCRIPTS.includes(name) || !existsSync(`${here}${name}.js`)) {
  process.stderr.write(
    `usage: npm run bench -- <${SCRIPTS.join('|')}> [options]\n` +
      `       targeting bench [--rules DIR] [--json] | bench e2e | bench audit (scoring, queue and audit throughput)\n` +
      (name ? `no benchmark "${name}" in ${here} (npm run build first)\n` : ''),
  );
  process.exit(2);
}
process.argv.splice(2, 1);
await import(`./${name}.js`);
