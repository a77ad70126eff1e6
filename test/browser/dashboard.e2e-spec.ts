import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { planOrder, seedOrders } from '../../scripts/seed-orders.mjs';
import { REFRESH_MS, RETRY_MS } from '../../web/dashboard/refresh.js';
import { launchBrowser, openSignedIn, screenshot, VIEWPORTS } from '#test-support/browser.js';
import { type OwnStack, startStackOfItsOwn } from '#test-support/own-stack.js';
import { TEST_KEYS } from '#test-support/stack.js';
import { eventually } from '#test-support/wait.js';

const SEED = { seed: 'dashboard', orders: 200, days: 3 };
/** Burger Barn in the seed's brands; a key scoped to it sees nothing of the other four. */
const BRAND = '60bfc6dc4887c9851d5a0245';
const SCOPED_KEY = 'test-analyst-burger-barn-key';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const HELSINKI = 'Europe/Helsinki';

type Row = Record<string, unknown>;

/**
 * The dashboard against the whole stack on a database of its own, seeded through the public API:
 * what the page draws must be what the analytics endpoints answer for the range and brand it shows.
 */
describe('analytics dashboard in a browser', () => {
  let stack: OwnStack;
  let browser: Browser;
  const now = Date.now();

  const apiGet = async <T = Row>(path: string, key = stack.keys.analyst): Promise<T> => {
    const res = await fetch(`${stack.gatewayUrl}${path}`, { headers: { Authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    const keys = Object.entries(TEST_KEYS).map(([role, key]) => `${role}:${key}`);
    stack = await startStackOfItsOwn('dashboard', {
      API_KEYS: [...keys, `analyst:${SCOPED_KEY}:${BRAND}`].join(','),
    });
    const seeded = await seedOrders({ baseUrl: stack.gatewayUrl, key: stack.keys.internal, now, ...SEED });
    expect(seeded.failures).toBe(0);
    // Analytics drains the events on its own: wait until the summary counts every order where its plan left it.
    const expected: Row = {};
    const customers = Math.max(10, Math.round(SEED.orders / 4));
    for (let index = 0; index < SEED.orders; index++) {
      const { steps } = planOrder({ seed: SEED.seed, index, days: SEED.days, now, customers });
      const status = steps.at(-1)?.status ?? 'PLACED';
      expected[status] = ((expected[status] as number | undefined) ?? 0) + 1;
    }
    await eventually(
      async () => {
        const { ordersByStatus } = await apiGet<{ ordersByStatus: Record<string, number> }>('/v1/analytics/summary');
        expect(Object.fromEntries(Object.entries(ordersByStatus).filter(([, n]) => n > 0))).toEqual(expected);
      },
      'the summary counting every seeded order',
      30_000,
      200,
    );
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 120_000);

  /** The page's panels, read back from their tables: each cell carries the API field it shows and its raw value. */
  const rowsOf = (page: Page, panel: string): Promise<Row[]> =>
    page
      .locator(`[data-panel="${panel}"] tbody tr`)
      .evaluateAll((rows) =>
        rows.map((r) =>
          Object.fromEntries(
            [...r.querySelectorAll('td')].map((td) => [
              td.getAttribute('data-key'),
              JSON.parse(td.getAttribute('data-value')!) as unknown,
            ]),
          ),
        ),
      );
  const summaryOf = (page: Page): Promise<Row> =>
    page
      .locator('[data-panel="summary"] [data-key]')
      .evaluateAll((els) =>
        Object.fromEntries(els.map((el) => [el.getAttribute('data-key'), JSON.parse(el.getAttribute('data-value')!) as unknown])),
      );
  const drawnPoints = async (page: Page, panel: string) =>
    Number(await page.locator(`[data-panel="${panel}"] canvas`).getAttribute('data-drawn-points'));
  const shownRange = async (page: Page) => {
    const main = page.locator('main');
    const [from, to, granularity, tz] = await Promise.all(
      ['from', 'to', 'granularity', 'tz'].map((a) => main.getAttribute(`data-${a}`)),
    );
    return { from: from!, to: to!, granularity: granularity!, tz: tz! };
  };
  /** A bucket as its table row carries it: the local start (the UTC one is the same instant) and the figures. */
  const asRow = ({ start: _, ...bucket }: Row) => bucket;
  /** The labels the page shows for the buckets, in order. */
  const bucketLabels = (page: Page, panel: string) =>
    page.locator(`[data-panel="${panel}"] tbody td[data-key="localStart"]`).allTextContents();
  const figuresShown = (page: Page) => page.locator('[data-panel="customers"] tbody tr').first().waitFor({ state: 'attached' });
  /** The dashboard signed in (the analyst's key unless another is given), once its figures are shown. */
  const openDashboard = async (
    options: { key?: string; viewport?: { width: number; height: number }; timezoneId?: string } = {},
  ) => {
    const opened = await openSignedIn(
      browser,
      `${stack.gatewayUrl}/dashboard`,
      options.key ?? stack.keys.analyst,
      options.viewport,
      options.timezoneId,
    );
    await figuresShown(opened.page);
    return opened;
  };

  /** Every figure on the page equals the API's answer for the range, zone and brand the page says it shows. */
  async function expectPageEqualsApi(page: Page, key = stack.keys.analyst, limit = 25): Promise<void> {
    const { from, to, granularity, tz } = await shownRange(page);
    const brand = await page.locator('main').getAttribute('data-brand');
    const brandQuery = brand ? `&brandId=${brand}` : '';
    const range = `from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`;
    const [throughput, orders, items, summary, customers, punctuality] = await Promise.all([
      apiGet<{ buckets: Row[] }>(`/v1/analytics/throughput?${range}&granularity=${granularity}${brandQuery}`, key),
      apiGet<{ statuses: Row[] }>(`/v1/analytics/status-durations?${range}&scope=order${brandQuery}`, key),
      apiGet<{ statuses: Row[] }>(`/v1/analytics/status-durations?${range}&scope=item${brandQuery}`, key),
      apiGet<{ ordersByStatus: Row }>(`/v1/analytics/summary${brand ? `?brandId=${brand}` : ''}`, key),
      apiGet<{ items: Row[] }>(`/v1/analytics/customers?limit=${limit}`, key),
      apiGet<{ buckets: Row[] }>(`/v1/analytics/punctuality?${range}&granularity=${granularity}${brandQuery}`, key),
    ]);
    expect(await rowsOf(page, 'throughput')).toEqual(throughput.buckets.map(asRow));
    expect(await drawnPoints(page, 'throughput')).toBe(4 * throughput.buckets.length);
    expect(await rowsOf(page, 'punctuality')).toEqual(punctuality.buckets.map(asRow));
    expect(await drawnPoints(page, 'punctuality')).toBe(2 * punctuality.buckets.length);
    expect(await rowsOf(page, 'durations-order')).toEqual(orders.statuses);
    expect(await drawnPoints(page, 'durations-order')).toBe(orders.statuses.length);
    expect(await rowsOf(page, 'durations-item')).toEqual(items.statuses);
    expect(await drawnPoints(page, 'durations-item')).toBe(items.statuses.length);
    const { ordersByStatus, ...figures } = summary;
    expect(await summaryOf(page)).toEqual({ ...ordersByStatus, ...figures });
    expect(await rowsOf(page, 'customers')).toEqual(customers.items);
  }

  it('opens on the API’s latest 24 hours in the browser’s own zone, no dates typed, draws what the API answers, and writes the screenshot', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, timezoneId: HELSINKI });
    const page = await context.newPage();
    // The first throughput call of the page: the one that decides the range shown. Its body is read as
    // it arrives: asked for later, once the page has made its other calls, the browser may no longer hold it.
    let latest: { buckets: Row[] } | undefined;
    const answered = page.waitForResponse(async (r) => {
      if (!r.url().includes('/v1/analytics/throughput')) return false;
      latest = (await r.json()) as { buckets: Row[] };
      return true;
    });
    await page.goto(`${stack.gatewayUrl}/dashboard`);
    await page.getByLabel(/API key/).fill(stack.keys.analyst);
    await page.getByRole('button', { name: 'Continue' }).click();
    const response = await answered;
    const asked = new URL(response.url()).searchParams;
    expect(Object.fromEntries(asked)).toEqual({ granularity: 'hour', tz: HELSINKI });
    await figuresShown(page);
    expect(await page.getByLabel('Time zone', { exact: true }).inputValue()).toBe(HELSINKI);
    expect(await page.getByLabel('Range', { exact: true }).inputValue()).toBe('latest');
    const { from, to, granularity, tz } = await shownRange(page);
    expect({ granularity, tz }).toEqual({ granularity: 'hour', tz: HELSINKI });
    expect(from).toBe(latest!.buckets[0]!.start);
    expect(Date.parse(to)).toBe(Date.parse(latest!.buckets.at(-1)!.start as string) + HOUR);
    expect(Date.parse(to) - Date.parse(from)).toBe(DAY);
    expect(await rowsOf(page, 'throughput')).toEqual(latest!.buckets.map(asRow));
    expect((await rowsOf(page, 'throughput')).every((b) => /[+]0[23]:00$/.test(b.localStart as string))).toBe(true);
    await expectPageEqualsApi(page);
    const placed = (await rowsOf(page, 'throughput')).reduce((sum, b) => sum + (b.placed as number), 0);
    expect(placed).toBeGreaterThan(0);
    const ready = await rowsOf(page, 'punctuality');
    expect(ready.reduce((sum, b) => sum + (b.ready as number), 0)).toBeGreaterThan(0);
    expect(await page.locator('time[data-updated-at]').textContent()).toMatch(/^\d{2}:\d{2}:\d{2} UTC$/);
    await screenshot(page, 'dashboard');
    await screenshot(page, 'dashboard-punctuality', '[data-panel="punctuality"]');
    await context.close();
  });

  it('picking Europe/Helsinki shows its local buckets as the API answers them for that zone, DST days with 23 and 25 hours', async () => {
    const { context, page } = await openDashboard({ timezoneId: 'UTC' });
    expect((await shownRange(page)).tz).toBe('UTC');
    await page.getByLabel('Time zone', { exact: true }).selectOption(HELSINKI);
    await page.locator(`main[data-tz="${HELSINKI}"]`).waitFor();
    await expectPageEqualsApi(page);
    expect(await page.locator('th', { hasText: `Hour (${HELSINKI})` }).count()).toBe(2);

    // Local midnight to midnight: 00:00 is +02:00 on 29 March and +03:00 on 25 October.
    for (const [day, next, utcStart, hours] of [
      ['2026-03-29', '2026-03-30', '2026-03-28T22:00:00.000Z', 23],
      ['2026-10-25', '2026-10-26', '2026-10-24T21:00:00.000Z', 25],
    ] as const) {
      await page.getByLabel('From', { exact: true }).fill(`${day}T00:00`);
      await page.getByLabel('To', { exact: true }).fill(`${next}T00:00`);
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.locator(`main[data-from="${utcStart}"]`).waitFor();
      expect(await rowsOf(page, 'throughput')).toHaveLength(hours);
      expect(await rowsOf(page, 'punctuality')).toHaveLength(hours);
      const labels = await bucketLabels(page, 'throughput');
      expect(new Set(labels).size).toBe(hours);
      expect(labels[0]).toBe(`${day.slice(5)} 00:00`);
      await expectPageEqualsApi(page);
    }
    // The hour Helsinki's clock repeats on 25 October is told apart by its offset.
    expect(await bucketLabels(page, 'throughput')).toEqual(expect.arrayContaining(['10-25 03:00 +03:00', '10-25 03:00 +02:00']));
    await context.close();
  });

  it('works the same in a browser without Temporal, on the polyfill it then loads', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, timezoneId: HELSINKI });
    await context.addInitScript(() => {
      delete (globalThis as { Temporal?: unknown }).Temporal;
    });
    const page = await context.newPage();
    await page.goto(`${stack.gatewayUrl}/dashboard`);
    await page.getByLabel(/API key/).fill(stack.keys.analyst);
    await page.getByRole('button', { name: 'Continue' }).click();
    await figuresShown(page);
    expect(await page.evaluate(() => typeof (globalThis as { Temporal?: unknown }).Temporal)).toBe('object');
    await expectPageEqualsApi(page);
    await page.getByLabel('From', { exact: true }).fill('2026-10-25T00:00');
    await page.getByLabel('To', { exact: true }).fill('2026-10-26T00:00');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('main[data-from="2026-10-24T21:00:00.000Z"]').waitFor();
    expect(await rowsOf(page, 'throughput')).toHaveLength(25);
    await expectPageEqualsApi(page);
    await context.close();
  });

  it('weeks and months in the zone equal the API’s; dates off a boundary widen to whole weeks or months, not a 400', async () => {
    const { context, page } = await openDashboard({ timezoneId: HELSINKI });
    const asked = page.waitForRequest(
      (r) => r.url().includes('/v1/analytics/throughput') && r.url().includes('granularity=week'),
    );
    await page.getByLabel('By', { exact: true }).selectOption('week');
    expect(new URL((await asked).url()).searchParams.has('from')).toBe(false);
    await page.locator('main[data-granularity="week"]').waitFor();
    expect(await rowsOf(page, 'throughput')).toHaveLength(12);
    await expectPageEqualsApi(page);
    const weeks = await rowsOf(page, 'throughput');
    // ISO weeks: every bucket starts on a Monday, 00:00 Helsinki time.
    expect(weeks.every((b) => new Date((b.localStart as string).slice(0, 10)).getUTCDay() === 1)).toBe(true);
    expect(weeks.every((b) => (b.localStart as string).slice(11, 16) === '00:00')).toBe(true);

    await page.getByLabel('By', { exact: true }).selectOption('month');
    await page.locator('main[data-granularity="month"]').waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-09-15');
    await page.getByLabel('Through', { exact: true }).fill('2026-11-10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('main[data-from="2026-08-31T21:00:00.000Z"]').waitFor();
    expect(await shownRange(page)).toEqual({
      from: '2026-08-31T21:00:00.000Z',
      to: '2026-11-30T22:00:00.000Z',
      granularity: 'month',
      tz: HELSINKI,
    });
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('2026-09-01');
    expect(await page.getByLabel('Through', { exact: true }).inputValue()).toBe('2026-11-30');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await bucketLabels(page, 'throughput')).toEqual(['Sep 2026', 'Oct 2026', 'Nov 2026']);
    await expectPageEqualsApi(page);
    await context.close();
  });

  it('downloads each panel’s figures as the API’s CSV of the request the panel shows, in the zone and granularity shown', async () => {
    const { context, page } = await openDashboard({ timezoneId: HELSINKI });
    const apiCsv = async (path: string) =>
      (
        await fetch(`${stack.gatewayUrl}${path}`, {
          headers: { Authorization: `Bearer ${stack.keys.analyst}`, Accept: 'text/csv' },
        })
      ).text();
    for (const granularity of ['hour', 'week']) {
      await page.getByLabel('By', { exact: true }).selectOption(granularity);
      await page.locator(`main[data-granularity="${granularity}"]`).waitFor();
      const { from, to, tz } = await shownRange(page);
      const range = `from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`;
      for (const [panel, path] of [
        ['throughput', `/v1/analytics/throughput?${range}&granularity=${granularity}`],
        ['durations-order', `/v1/analytics/status-durations?${range}&scope=order`],
        ['durations-item', `/v1/analytics/status-durations?${range}&scope=item`],
        ['punctuality', `/v1/analytics/punctuality?${range}&granularity=${granularity}`],
        ['customers', '/v1/analytics/customers?limit=25'],
      ] as const) {
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.locator(`[data-panel="${panel}"]`).getByRole('button', { name: 'Download CSV' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe(`${panel}.csv`);
        const text = await readFile(await download.path(), 'utf8');
        expect(text.split('\r\n').length).toBeGreaterThan(2);
        expect(text).toBe(await apiCsv(path));
      }
    }
    await context.close();
  });

  it('fits a 1024×768 tablet, and sorts the customers by keyboard with aria-sort on the sorted column', async () => {
    const { context, page } = await openDashboard({ viewport: VIEWPORTS.tablet });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(VIEWPORTS.tablet.width);
    const header = (name: string) => page.getByRole('columnheader', { name });
    const column = async (key: string) => (await rowsOf(page, 'customers')).map((r) => r[key]);
    const apiOrder = await column('customerId');
    expect(await header('Orders').getAttribute('aria-sort')).toBe('descending');

    await page.getByRole('button', { name: 'Total amount' }).focus();
    await page.keyboard.press('Enter');
    expect(await header('Total amount').getAttribute('aria-sort')).toBe('descending');
    expect(await header('Orders').getAttribute('aria-sort')).toBeNull();
    const amounts = (await column('totalAmount')) as number[];
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(new Set(amounts).size).toBeGreaterThan(1);

    await page.keyboard.press('Space');
    expect(await header('Total amount').getAttribute('aria-sort')).toBe('ascending');
    expect(await column('totalAmount')).toEqual([...amounts].sort((a, b) => a - b));

    await page.getByRole('button', { name: 'Last order (UTC)' }).click();
    const last = (await column('lastOrderAt')) as string[];
    expect(last).toEqual([...last].sort().reverse());
    expect((await column('customerId')).sort()).toEqual([...apiOrder].sort());
    await context.close();
  });

  it('asks again when the range or brand changes, and draws the new answers', async () => {
    const { context, page } = await openDashboard({ timezoneId: 'UTC' });
    const day = (offset: number) => new Date(Math.floor(now / DAY) * DAY + offset * DAY).toISOString().slice(0, 10);

    await page.getByLabel('By', { exact: true }).selectOption('day');
    await page.getByLabel('From', { exact: true }).fill(day(-2));
    await page.getByLabel('Through', { exact: true }).fill(day(0));
    const asked = page.waitForRequest(
      (r) =>
        r.url().includes('/v1/analytics/throughput') &&
        r.url().includes(`from=${day(-2)}`) &&
        r.url().includes('granularity=day'),
    );
    await page.getByRole('button', { name: 'Apply' }).click();
    await asked;
    await page.locator(`main[data-from="${day(-2)}T00:00:00.000Z"]`).waitFor();
    expect(await shownRange(page)).toEqual({
      from: `${day(-2)}T00:00:00.000Z`,
      to: `${day(1)}T00:00:00.000Z`,
      granularity: 'day',
      tz: 'UTC',
    });
    expect(await rowsOf(page, 'throughput')).toHaveLength(3);
    await expectPageEqualsApi(page);

    const listed = await apiGet<{ items: { brandId: string }[] }>('/v1/orders?limit=500');
    const brands = await page.locator('datalist option').evaluateAll((os) => os.map((o) => o.getAttribute('value')));
    expect(brands).toEqual([...new Set(listed.items.map((o) => o.brandId))].sort());
    expect(brands).toContain(BRAND);

    const all = await summaryOf(page);
    await page.getByLabel('Brand', { exact: true }).fill(BRAND);
    await page.getByLabel('Brand', { exact: true }).press('Enter');
    await page.locator(`main[data-brand="${BRAND}"]`).waitFor();
    await expectPageEqualsApi(page);
    expect((await summaryOf(page)).completedOrders).toBeLessThan(all.completedOrders as number);

    await page.getByLabel('Range', { exact: true }).selectOption('latest');
    await page.locator(`main:not([data-from="${day(-2)}T00:00:00.000Z"])`).waitFor();
    expect(await rowsOf(page, 'throughput')).toHaveLength(30);
    await expectPageEqualsApi(page);
    await context.close();
  });

  it('a staff key and then an unknown key are each refused on the page with the key asked again; a right key then opens it', async () => {
    const { context, page } = await openSignedIn(browser, `${stack.gatewayUrl}/dashboard`, stack.keys.staff);
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'This key cannot read analytics' }).waitFor();
    expect(await alert.textContent()).toContain('this key has role staff');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.getByLabel(/API key/).fill('not-a-key-of-this-gateway');
    await page.getByRole('button', { name: 'Continue' }).click();
    await alert.filter({ hasText: 'This API key is not recognised' }).waitFor();

    await page.getByLabel(/API key/).fill(stack.keys.analyst);
    await page.getByRole('button', { name: 'Continue' }).click();
    await figuresShown(page);
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });

  it('says when the gateway cannot be reached, keeps the page, and recovers once it answers', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    await context.route('**/v1/**', (route) => route.abort('connectionrefused'));
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${stack.gatewayUrl}/dashboard`);
    await page.getByLabel(/API key/).fill(stack.keys.analyst);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').filter({ hasText: 'The gateway cannot be reached' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Analytics dashboard' }).isVisible()).toBe(true);

    await context.unroute('**/v1/**');
    await page.clock.fastForward(RETRY_MS);
    await figuresShown(page);
    expect(await page.getByRole('alert').count()).toBe(0);
    const updated = Number(await page.locator('time[data-updated-at]').getAttribute('data-updated-at'));

    // Once figures are shown, losing the gateway keeps them on screen, marked as from the last update.
    await context.route('**/v1/analytics/**', (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('alert').filter({ hasText: 'The gateway cannot be reached' }).waitFor();
    expect(await page.getByText('Last updated at').isVisible()).toBe(true);
    expect(await rowsOf(page, 'customers')).not.toHaveLength(0);
    await context.unroute('**/v1/analytics/**');
    await page.getByRole('button', { name: 'Try again now' }).click();
    await page.getByRole('alert').waitFor({ state: 'detached' });
    expect(Number(await page.locator('time[data-updated-at]').getAttribute('data-updated-at'))).toBeGreaterThan(updated);
    await context.close();
  });

  it('a brand-scoped key sees only its brand, and is told so when it asks for another', async () => {
    const { context, page } = await openDashboard({ key: SCOPED_KEY });
    await expectPageEqualsApi(page, SCOPED_KEY);
    // What the scoped key sees unfiltered is what an unscoped key sees for that brand alone.
    const brandOnly = await apiGet<{ ordersByStatus: Row; completedOrders: number }>(`/v1/analytics/summary?brandId=${BRAND}`);
    expect(await summaryOf(page)).toMatchObject({ ...brandOnly.ordersByStatus, completedOrders: brandOnly.completedOrders });
    const brands = await page.locator('datalist option').evaluateAll((os) => os.map((o) => o.getAttribute('value')));
    expect(brands).toEqual([BRAND]);

    await page.getByLabel('Brand', { exact: true }).fill('60bfc6dc4887c9851d5a0301');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('alert').filter({ hasText: 'is not one of them' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Analytics dashboard' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);

    await page.getByLabel('Brand', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('alert').waitFor({ state: 'detached' });
    await expectPageEqualsApi(page, SCOPED_KEY);
    await context.close();
  });

  it('refreshes on its own: an order placed and accepted while the page is open shows at the next refresh', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${stack.gatewayUrl}/dashboard`);
    await page.getByLabel(/API key/).fill(stack.keys.analyst);
    await page.getByRole('button', { name: 'Continue' }).click();
    await figuresShown(page);
    const before = await summaryOf(page);

    const created = await fetch(`${stack.gatewayUrl}/v1/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.keys.channel}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        channelOrderId: `DASH-LIVE-${now}`,
        brandId: BRAND,
        customer: { name: 'Live Customer', phoneNumber: '+358401112223' },
        items: [{ plu: 'BB-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 }],
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const accepted = await fetch(`${stack.gatewayUrl}/v1/orders/${id}/status`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${stack.keys.staff}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'ACCEPTED' }),
    });
    expect(accepted.status).toBe(200);
    await eventually(
      async () => {
        const { ordersByStatus } = await apiGet<{ ordersByStatus: Record<string, number> }>('/v1/analytics/summary');
        expect(ordersByStatus.ACCEPTED).toBe((before.ACCEPTED as number) + 1);
      },
      'the summary counting the accept',
      30_000,
      200,
    );

    expect((await summaryOf(page)).ACCEPTED).toBe(before.ACCEPTED);
    await page.clock.fastForward(REFRESH_MS);
    await page.locator(`[data-panel="summary"] [data-key="ACCEPTED"][data-value="${(before.ACCEPTED as number) + 1}"]`).waitFor();
    await expectPageEqualsApi(page);

    // A hidden tab asks nothing, however long it stays hidden; shown again, it asks once, at once.
    const asked: string[] = [];
    page.on('request', (r) => void (r.url().includes('/v1/analytics/') && asked.push(r.url())));
    const updatedAt = () => page.locator('time[data-updated-at]').getAttribute('data-updated-at');
    const shownAt = await updatedAt();
    const setHidden = (hidden: boolean) =>
      page.evaluate(
        `Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${hidden} });
         document.dispatchEvent(new Event('visibilitychange'))`,
      );
    await setHidden(true);
    await page.clock.fastForward(REFRESH_MS * 4);
    await setHidden(false);
    await page.locator(`time[data-updated-at]:not([data-updated-at="${shownAt}"])`).waitFor();
    expect(asked).toHaveLength(6); // one call per panel's figures
    await context.close();
  });
});
