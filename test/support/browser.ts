import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, installed by `npm run setup` (scripts/ensure-chromium.sh); playwright-core brings none. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the tests write the screenshots the README shows. */
export const SCREENSHOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

/** A kitchen tablet and a desktop screen. */
export const VIEWPORTS = { tablet: { width: 1024, height: 768 }, desktop: { width: 1440, height: 900 } } as const;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: run npm run setup (it installs Debian's chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Root in a container needs --no-sandbox; the rest keep Chromium from calling out of a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * A fresh browser context (its own session storage) on the given page, signed in with `key`; its
 * clock in `timezoneId` where given (else the machine's zone).
 */
export async function openSignedIn(
  browser: Browser,
  url: string,
  key: string,
  viewport: { width: number; height: number } = VIEWPORTS.desktop,
  timezoneId?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel(/API key/).fill(key);
  await page.getByRole('button', { name: 'Continue' }).click();
  return { context, page };
}

export async function screenshot(page: Page, name: string, selector?: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  if (selector) await page.locator(selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: false });
  return path;
}
