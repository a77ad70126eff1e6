import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { OrderView } from '#contracts';
import { launchBrowser, openSignedIn, VIEWPORTS } from '#test-support/browser.js';
import { type OwnStack, startStackOfItsOwn } from '#test-support/own-stack.js';
import { TEST_KEYS } from '#test-support/stack.js';

const BRAND = 'burger-brand';

/** The kitchen display's brand controls: busy, paused and snoozed items, as staff set them on a tablet. */
describe('kitchen display brand controls (Chromium against the running stack)', () => {
  let stack: OwnStack;
  let browser: Browser;
  let context: BrowserContext | undefined;

  const create = (plus: string[]) =>
    fetch(`${stack.gatewayUrl}/v1/orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_KEYS.channel}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        channelOrderId: `BC-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
        brandId: BRAND,
        customer: { name: 'Grace Hopper' },
        items: plus.map((plu) => ({ plu, name: `Dish ${plu}`, quantity: 1, unitPrice: 9.5 })),
      }),
    });

  beforeAll(async () => {
    stack = await startStackOfItsOwn('brand_controls');
    browser = await launchBrowser();
  }, 90_000);

  /** Each test starts from a brand that takes every order. */
  beforeEach(async () => {
    const put = (path: string, body: object) =>
      fetch(`${stack.gatewayUrl}/v1/brands/${BRAND}${path}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${TEST_KEYS.staff}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    await put('/availability', { state: 'ONLINE' });
    for (const plu of ['P-2', 'P-9']) await put(`/items/${plu}/availability`, { available: true });
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function openBoard(): Promise<Page> {
    const opened = await openSignedIn(browser, `${stack.gatewayUrl}/kitchen`, TEST_KEYS.staff, VIEWPORTS.tablet);
    context = opened.context;
    opened.page.setDefaultTimeout(10_000);
    await opened.page.locator('[data-stream="live"]').waitFor();
    return opened.page;
  }

  const controls = (page: Page) => page.getByRole('region', { name: 'Brand availability' });
  const stateIs = (page: Page, state: string) =>
    page.locator(`section.brand-controls[data-brand="${BRAND}"][data-state="${state}"]`).waitFor();

  it('pauses the brand and puts it back online, busy adds minutes, and intake follows each at once', async () => {
    const first = (await (await create(['P-1'])).json()) as OrderView;
    const page = await openBoard();
    await page.locator(`[data-order-id="${first.id}"]`).waitFor();
    await stateIs(page, 'ONLINE');

    await controls(page).getByRole('button', { name: 'Pause' }).click();
    await stateIs(page, 'PAUSED');
    await controls(page).getByRole('status').filter({ hasText: 'Paused' }).waitFor();
    const refused = await create(['P-1']);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { type: string }).type).toMatch(/\/store-paused$/);

    await controls(page).getByRole('button', { name: 'Online' }).click();
    await stateIs(page, 'ONLINE');
    expect((await create(['P-1'])).status).toBe(201);

    await controls(page).getByLabel('Extra prep minutes while busy').fill('20');
    await controls(page).getByRole('button', { name: 'Busy' }).click();
    await stateIs(page, 'BUSY');
    expect(await controls(page).getByTestId('brand-state').textContent()).toContain('+20 min');
    expect(await controls(page).getByTestId('brand-state').textContent()).toContain(
      `prep ${stack.config.defaultPrepMinutes + 20} min`,
    );
  });

  it('snoozes an item with the keyboard, lists it, refuses orders holding it, and un-snoozes it', async () => {
    await create(['P-1']);
    const page = await openBoard();
    await controls(page).getByLabel('PLU to snooze').fill('P-2');
    await controls(page).getByLabel('PLU to snooze').press('Enter');
    await controls(page).locator('[data-snoozed="P-2"]').waitFor();
    const refused = await create(['P-1', 'P-2']);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ plus: ['P-2'] });

    await controls(page).getByRole('button', { name: 'Un-snooze P-2' }).click();
    await controls(page).locator('[data-snoozed="P-2"]').waitFor({ state: 'detached' });
    expect((await create(['P-1', 'P-2'])).status).toBe(201);
  });

  it('follows a change made elsewhere, through the live stream', async () => {
    await create(['P-1']);
    const page = await openBoard();
    await stateIs(page, 'ONLINE');
    const res = await fetch(`${stack.gatewayUrl}/v1/brands/${BRAND}/items/P-9/availability`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TEST_KEYS.staff}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ available: false }),
    });
    expect(res.status).toBe(200);
    await controls(page).locator('[data-snoozed="P-9"]').waitFor();
  });
});
