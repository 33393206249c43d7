/**
 * Profile build at scale: generates N declarations (default 1,000,000) to a
 * CSV, builds the profile from it as `targeting profile build` does, then
 * loads it as a scorer would. Prints seconds, peak RSS and load time.
 *
 *   npm run bench -- profile-build [--rows 1000000] [--keep DIR]
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { toConsignment } from '../src/declaration/validate.js';
import { writeCsv } from '../src/dataset/csv.js';
import { generateDeclarations } from '../src/dataset/generate.js';
import { buildProfileFile } from '../src/features/build-file.js';
import { loadProfileLookup } from '../src/features/lookup.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, keep: { type: 'string' } } });
const rows = Number(values.rows);
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'profile-bench-'));
const csv = join(dir, 'history.csv');
const out = join(dir, 'profile.json');
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

let t = performance.now();
const stream = createWriteStream(csv);
await writeCsv(generateDeclarations({ rows, seed: 1 }), stream);
stream.end();
await finished(stream);
const generateSeconds = (performance.now() - t) / 1000;
const rssBeforeBuild = process.resourceUsage().maxRSS * 1024;

t = performance.now();
const { id, body } = await buildProfileFile(csv, out);
const buildSeconds = (performance.now() - t) / 1000;
const peak = process.resourceUsage().maxRSS * 1024;

const loads: number[] = [];
let lookup = loadProfileLookup(out);
for (let i = 0; i < 5; i++) {
  t = performance.now();
  lookup = loadProfileLookup(out);
  loads.push(performance.now() - t);
}
loads.sort((a, b) => a - b);

const sample = [...generateDeclarations({ rows: 20_000, seed: 2, start: '2026-01-01' })].map(
  ({ illicit: _i, revenue: _r, ...f }) => toConsignment(f),
);
const names = lookup.factNames();
let sink = 0;
const pass = (): number => {
  const start = performance.now();
  for (const c of sample) for (const n of names) if (lookup.fact(n, c) !== undefined) sink++;
  return ((performance.now() - start) * 1000) / sample.length;
};
const firstPass = pass(); // indexes each dimension on first use
const perConsignment = Math.min(pass(), pass());

console.log(
  `rows                 ${rows.toLocaleString('en')} (CSV ${mb(statSync(csv).size)}, generated in ${generateSeconds.toFixed(1)} s)`,
);
console.log(`profile build        ${buildSeconds.toFixed(1)} s  (bar: ≤ 60 s)`);
console.log(`peak RSS             ${mb(peak)}  (bar: ≤ 2 GB; ${mb(rssBeforeBuild)} before the build)`);
console.log(
  `profile              ${id.slice(0, 12)}  ${mb(statSync(out).size)}, ${Object.values(body.groups)
    .reduce((s, g) => s + g.keys.length, 0)
    .toLocaleString('en')} keys, ${body.overall.illicit} illicit of ${body.overall.count}`,
);
console.log(`profile load         median ${loads[2].toFixed(0)} ms of 5 (bar: < 1 s)`);
console.log(
  `all ${names.length} facts        ${perConsignment.toFixed(1)} µs per consignment (${((perConsignment / names.length) * 1000).toFixed(0)} ns a fact; first pass, indexing included: ${firstPass.toFixed(1)} µs; ${sink} values)`,
);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
