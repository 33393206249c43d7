import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Where Chromium usually is: CHROMIUM_PATH first, then the Debian/Ubuntu, Fedora, snap and Chrome paths. */
const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
].filter((p): p is string => Boolean(p));

/** The Chromium executable, or one line saying what to install. */
export function chromiumPath(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `Chromium not found (looked at ${CANDIDATES.join(', ')}): install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  return found;
}

/** Headless Chromium for the tests that check pages in a real browser (the HTML report, the dashboard). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
