/**
 * `npm run screenshots`: screenshots (1280 px wide) of every console page into
 * docs/console/, on the sample dataset decided by a real worker through Redis
 * (own key prefix, removed afterwards), so reviewers can look without running it.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { chromium, type Page } from 'playwright-core';
import { bullConnection } from '../src/queue/connection.js';
import { hashTaggedPrefix } from '../src/queue/names.js';
import { consoleWorld, PASSWORD } from '../test/console/fixture.js';

const OUT = resolve('docs/console');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const world = consoleWorld('screenshots', { CAPACITY: '2%' });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  mkdirSync(OUT, { recursive: true });
  await world.startWorker();
  await world.submit(resolve('datasets/sample.csv'));
  await world.indexed(5000);
  // Inputs the worker refuses, for the overview's list of rejections.
  const input = new Queue('consignments', {
    connection: bullConnection(world.config),
    prefix: hashTaggedPrefix(world.prefix),
  });
  await input.add('batch', [
    { id: 'X0000001', hsCode: '61AB', origin: 'CN' },
    { id: 'X0000002', origin: 'Mars', value: 10 },
    { id: 'X0000003', date: '2025-02-30', value: -5 },
  ]);
  await input.close();
  await new Promise((r) => setTimeout(r, 2000));
  const day = new Date().toISOString().slice(0, 10);
  const [top] = await world.redis.zrevrange(world.keys.byScore(day), 0, 0);
  const { office } = JSON.parse((await world.redis.hget(world.keys.decision(top), 'consignment'))!) as {
    office: string;
  };
  await world.addUser('m.okafor', 'officer', [office]);
  await world.addUser('j.lindqvist', 'analyst');
  await world.addUser('admin', 'admin');
  const { url } = await world.startConsole();

  const signIn = async (name: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(url);
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/(worklist|users)/);
    return page;
  };
  const shot = (page: Page, name: string) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });

  const login = await (await browser.newContext({ viewport: { width: 1280, height: 700 } })).newPage();
  await login.goto(url);
  await shot(login, 'login');

  const officer = await signIn('m.okafor');
  // A few results recorded, one inspection started: the pages then show every status.
  const ids = await world.redis.zrevrange(world.keys.facet(day, 'office', office), 0, 3);
  for (const [i, id] of ids.entries()) {
    await officer.goto(`${url}declarations/${encodeURIComponent(id)}`);
    if (i === 3) {
      await officer.getByRole('button', { name: 'Start inspection' }).click();
      continue;
    }
    await officer.getByLabel(i === 1 ? 'Compliant' : 'Illicit').check();
    if (i !== 1) await officer.getByLabel('Revenue recovered').fill(String(1250.5 * (i + 1)));
    await officer.getByLabel('Note').fill(i === 1 ? 'documents in order' : 'invoice undervalued; goods re-assessed');
    await officer.getByRole('button', { name: 'Record result' }).click();
    await officer.waitForURL(/recorded=1/);
  }
  await officer.goto(`${url}worklist?sort=score`);
  await shot(officer, 'worklist');
  await officer.goto(`${url}declarations/${encodeURIComponent(top)}`);
  await shot(officer, 'declaration');

  const analyst = await signIn('j.lindqvist');
  await analyst.goto(`${url}overview`);
  await shot(analyst, 'overview');
  await analyst.goto(`${url}declarations/${encodeURIComponent(top)}`);
  await shot(analyst, 'declaration-analyst');

  const admin = await signIn('admin');
  await shot(admin, 'users');
  process.stderr.write(`screenshots in ${OUT}\n`);
} finally {
  await browser.close();
  await world.close();
}
