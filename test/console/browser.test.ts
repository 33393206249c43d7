import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStream } from '../../src/audit/verify.js';
import { BASE_MS } from '../../src/console/rate-limit.js';
import { bullConnection } from '../../src/queue/connection.js';
import { FEEDBACK_QUEUE, type FeedbackJob } from '../../src/queue/feedback.js';
import { hashTaggedPrefix } from '../../src/queue/names.js';
import { consoleWorld, PASSWORD, REDIS_URL, type ConsoleWorld } from './fixture.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SAMPLE = resolve('datasets/sample.csv');
const SAMPLE_ROWS = 5000;

let world: ConsoleWorld;
let browser: Browser;
let url: string;
/** A red declaration of the sample, its office and another office with declarations. */
let red: { id: string; office: string; importer: string };
let otherOffice: string;

beforeAll(async () => {
  world = consoleWorld('browser');
  await world.startWorker();
  await world.submit(SAMPLE);
  await world.indexed(SAMPLE_ROWS);
  const day = new Date().toISOString().slice(0, 10);
  // The highest-scoring red declaration: selected by its rules (a random selection has no hits to explain).
  const reds = await world.redis.zrevrange(world.keys.byScore(day), 0, 0);
  const decl = JSON.parse((await world.redis.hget(world.keys.decision(reds[0]), 'consignment'))!) as {
    id: string;
    office: string;
    importer: string;
  };
  red = { id: decl.id, office: decl.office, importer: decl.importer };
  const offices = (await world.redis.hkeys(world.keys.stats(day)))
    .filter((f) => f.startsWith('o:'))
    .map((f) => f.slice(2));
  otherOffice = offices.find((o) => o !== red.office)!;
  await world.addUser('olga', 'officer', [red.office]);
  await world.addUser('oscar', 'officer', [otherOffice]);
  await world.addUser('ana', 'analyst');
  url = (await world.startConsole()).url;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function signIn(name: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(url);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(worklist|users)/);
  return page;
}

describe('the console in Chromium, on decisions a real worker made', () => {
  it('an officer opens a red declaration, records it illicit with revenue; it reaches the feedback queue and the overview', async () => {
    const page = await signIn('olga');
    expect(await page.locator('h1').textContent()).toBe('Worklist');
    await page.getByLabel('Channel').selectOption('red');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator(`a[href="/declarations/${red.id}"]`).click();
    await page.getByRole('heading', { name: 'Explanation' }).waitFor();
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('reproduces the recorded decision');
    expect(text).toContain('records this decision');
    expect(text).toContain(red.importer); // officers inspect: they see the trader
    expect(await page.locator('.check.bad').count()).toBe(0);

    await page.getByRole('button', { name: 'Start inspection' }).click();
    await page.getByLabel('Illicit').check();
    await page.getByLabel('Revenue recovered').fill('1250.50');
    await page.getByLabel('Note').fill('undervalued; invoice found');
    await page.getByRole('button', { name: 'Record result' }).click();
    await page.getByText('Result recorded and sent to the feedback queue.').waitFor();

    const feedback = new Queue(FEEDBACK_QUEUE, {
      connection: bullConnection({ redisUrl: REDIS_URL }),
      prefix: hashTaggedPrefix(world.prefix),
    });
    try {
      const job = await feedback.getJob(`console-${red.id}`);
      expect(job?.data).toMatchObject({ id: red.id, illicit: 1, revenue: 1250.5 } satisfies Partial<FeedbackJob>);
    } finally {
      await feedback.close();
    }

    // A second recording of the same declaration is refused, not doubled.
    const again = await page.request.post(`${url}declarations/${red.id}/result`, {
      form: {
        _csrf: (await page.locator('input[name=_csrf]').first().inputValue())!,
        outcome: 'compliant',
        revenue: '',
      },
    });
    expect(again.status()).toBe(409);

    const analyst = await signIn('ana');
    await analyst.goto(`${url}overview`);
    const overview = (await analyst.locator('main').textContent())!;
    expect(overview).toContain(`${SAMPLE_ROWS.toLocaleString('en-US')}`);
    expect(overview).toMatch(/1 illicit/);
    expect(overview).toContain('1,250.5');
    const firedRule = (await world.redis.hget(world.keys.decision(red.id), 'decision'))!;
    const rule = (JSON.parse(firedRule) as { hits: { rule: string }[] }).hits[0].rule;
    const ruleRow = (await analyst.locator('tr', { has: analyst.locator(`td:text-is("${rule}")`) }).textContent())!;
    expect(ruleRow).toContain('100.0 %'); // precision: 1 illicit of 1 inspected
    await analyst.goto(`${url}declarations/${red.id}`);
    expect(await analyst.locator('main').textContent()).not.toContain(red.importer); // analysts do not see traders

    const audit = await verifyStream(world.redis, world.keys.audit);
    expect(audit.ok).toBe(true);
    const events = (await world.redis.xrange(world.keys.audit, '-', '+')).map(
      ([, f]) => JSON.parse(f[1])[0] as { event: string; user: string; id?: string },
    );
    expect(events).toContainEqual(expect.objectContaining({ event: 'view', user: 'olga', id: red.id }));
    expect(events).toContainEqual(expect.objectContaining({ event: 'result', user: 'olga', id: red.id }));
  });

  it('an officer of another office sees neither the row nor the page', async () => {
    const page = await signIn('oscar');
    expect(await page.locator(`a[href="/declarations/${red.id}"]`).count()).toBe(0);
    const res = await page.goto(`${url}declarations/${red.id}`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('main').textContent()).not.toContain(red.importer);
  });

  it('refuses a forged CSRF token', async () => {
    const page = await signIn('olga');
    await page.goto(`${url}worklist?status=open`);
    await page.locator('a[href^="/declarations/"]').first().click();
    const form = page.locator('form[action$="/result"]');
    await form.locator('input[name=_csrf]').evaluate((e) => e.setAttribute('value', 'forged-token'));
    await page.getByLabel('Compliant').check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/result')),
      page.getByRole('button', { name: 'Record result' }).click(),
    ]);
    expect(response.status()).toBe(403);
  });

  it('slows sign-in down after three wrong passwords', async () => {
    const page = await (await browser.newContext()).newPage();
    const attempt = async (password: string) => {
      await page.goto(`${url}login`);
      await page.getByLabel('User name').fill('ana');
      await page.getByLabel('Password').fill(password);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      return res.status();
    };
    for (let i = 0; i < 3; i++) expect(await attempt('wrong password')).toBe(401);
    expect(await attempt(PASSWORD)).toBe(429); // even the right password waits
    expect(await page.locator('[role=alert]').textContent()).toMatch(/wait \d+ s/);
    await new Promise((r) => setTimeout(r, BASE_MS + 100));
    expect(await attempt(PASSWORD)).toBe(303);
  });
});
