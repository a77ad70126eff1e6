import type { Browser } from 'playwright-core';
import { launchBrowser, openSignedIn } from '#test-support/browser.js';
import { startStack, type Stack } from '#test-support/stack.js';

describe('web pages served by the gateway', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it.each(['/kitchen', '/dashboard', '/webhooks', '/track/q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe'])(
    '%s answers its page with a content security policy, and its assets load',
    async (path) => {
      const res = await fetch(`${stack.gatewayUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      const html = await res.text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        const loaded = await fetch(`${stack.gatewayUrl}${asset}`);
        expect(loaded.status).toBe(200);
        expect(loaded.headers.get('cache-control')).toContain('immutable');
      }
    },
  );

  it('an unknown asset or page path is the API 404 problem, not a page', async () => {
    for (const path of ['/assets/missing.js', '/kitchen/nothing-here', '/dashboards', '/track', '/track/a/b']) {
      const res = await fetch(`${stack.gatewayUrl}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('asks for the key once and keeps it in the tab session, never in the URL', async () => {
    const { context, page } = await openSignedIn(browser, `${stack.gatewayUrl}/dashboard`, stack.keys.analyst);
    await page.getByRole('heading', { name: 'Analytics dashboard' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Analytics dashboard' }).waitFor();
    expect(page.url()).not.toContain(stack.keys.analyst);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    await context.close();
  });
});
