import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ITEM_TRANSITIONS, type ItemStatus, ORDER_TRANSITIONS, type OrderStatus, type OrderView } from '#contracts';
import { launchBrowser, openSignedIn, screenshot, VIEWPORTS } from '#test-support/browser.js';
import { type OwnStack, startStackOfItsOwn } from '#test-support/own-stack.js';
import { TEST_KEYS } from '#test-support/stack.js';
import { StreamProxy } from '#test-support/stream-proxy.js';

// The few browser globals the page functions below use; this program is compiled without the DOM library.
interface DomElement {
  matches(selector: string): boolean;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
}
declare const document: {
  activeElement: DomElement | null;
  documentElement: { scrollWidth: number };
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
};
declare const window: { innerWidth: number };

/** Short enough to watch run out, long enough to see the card and its countdown first. */
const ACCEPT_TIMEOUT_MS = 4000;

async function call<T>(
  gatewayUrl: string,
  role: keyof typeof TEST_KEYS,
  method: string,
  path: string,
  body?: object,
): Promise<T> {
  const res = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TEST_KEYS[role]}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type Line = readonly [plu: string, name: string, quantity: number];
const place = (
  gatewayUrl: string,
  customer = 'Ada Lovelace',
  items: readonly Line[] = [
    ['P-1', 'Hawaii Burger', 1],
    ['P-2', 'Fries', 2],
  ],
) =>
  call<OrderView>(gatewayUrl, 'channel', 'POST', '/v1/orders', {
    channelOrderId: `K${Math.floor(Math.random() * 90_000 + 10_000)}`,
    brandId: 'burger-brand',
    customer: { name: customer },
    items: items.map(([plu, name, quantity]) => ({ plu, name, quantity, unitPrice: 9.5 })),
  });

const move = (gatewayUrl: string, id: string, status: OrderStatus) =>
  call<OrderView>(gatewayUrl, 'staff', 'PATCH', `/v1/orders/${id}/status`, { status });

const moveItem = (gatewayUrl: string, id: string, plu: string, status: ItemStatus) =>
  call<OrderView>(gatewayUrl, 'staff', 'PATCH', `/v1/orders/${id}/items/${plu}/status`, { status });

const card = (page: Page, column: OrderStatus | 'FINISHED', id: string) =>
  page.locator(`section[data-status="${column}"] [data-order-id="${id}"]`);

const orderButtons = (page: Page, id: string) =>
  page
    .locator(`[data-order-id="${id}"] .order-actions [data-to]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-to')));

const itemButtons = (page: Page, id: string, plu: string) =>
  page
    .locator(`[data-order-id="${id}"] [data-plu="${plu}"] [data-to]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-to')));

const waitLive = (page: Page) => page.locator('[data-stream="live"]').waitFor();

/** Presses Tab until the element matching `selector` has the focus, as a keyboard user would. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe('kitchen display (Chromium against the running stack)', () => {
  // Stacks of their own, so the board shows this file's orders only.
  let main: OwnStack;
  let timed: OwnStack;
  let proxy: StreamProxy;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    // Both settled before failing, so that afterAll stops the one that did start.
    const started = await Promise.allSettled([
      startStackOfItsOwn('kitchen_ui').then((stack) => (main = stack)),
      startStackOfItsOwn('kitchen_ui_timer', { ORDER_ACCEPT_TIMEOUT_MS: String(ACCEPT_TIMEOUT_MS) }).then(
        (stack) => (timed = stack),
      ),
    ]);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    proxy = await StreamProxy.start(main.gatewayUrl);
    browser = await launchBrowser();
  }, 90_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
    proxy.down = false;
    proxy.streamsDown = false;
  });

  afterAll(async () => {
    await browser?.close();
    await proxy?.stop();
    await Promise.all([main?.stop(), timed?.stop()]);
  });

  /** The board through the proxy, signed in with the staff key, live. */
  async function openBoard(viewport: { width: number; height: number } = VIEWPORTS.tablet): Promise<Page> {
    const opened = await openSignedIn(browser, `${proxy.url}/kitchen`, TEST_KEYS.staff, viewport);
    context = opened.context;
    opened.page.setDefaultTimeout(10_000);
    await waitLive(opened.page);
    return opened.page;
  }

  it('shows orders in every status with exactly the legal buttons, readable on a tablet and a desktop (screenshot)', async () => {
    const gw = main.gatewayUrl;
    const page = await openBoard();
    const orders = await Promise.all([
      place(gw, 'Grace Hopper', [
        ['B-1', 'Cheeseburger', 2],
        ['S-1', 'Side salad', 1],
      ]),
      place(gw, 'Alan Turing', [['P-9', 'Margherita pizza', 1]]),
      place(gw, 'Ada Lovelace', [
        ['W-1', 'Chicken wrap', 1],
        ['D-1', 'Lemonade', 2],
      ]),
      place(gw, 'Edsger Dijkstra', [
        ['B-2', 'Veggie burger', 1],
        ['F-1', 'Fries', 1],
      ]),
      place(gw, 'Barbara Liskov', [['R-1', 'Ramen', 2]]),
      place(gw, 'Ken Thompson', [['T-1', 'Tacos', 3]]),
      place(gw, 'Margaret Hamilton', [['S-2', 'Sushi set', 1]]),
      place(gw, 'Donald Knuth', [['C-1', 'Club sandwich', 1]]),
    ]);
    const [, , accepted, preparing, preparing2, ready, pickedUp, cancelled] = orders.map((o) => o!.id);
    await move(gw, accepted!, 'ACCEPTED');
    for (const id of [preparing!, preparing2!, ready!, pickedUp!]) {
      await move(gw, id, 'ACCEPTED');
      await move(gw, id, 'PREPARING');
    }
    await moveItem(gw, preparing!, 'B-2', 'READY');
    await moveItem(gw, preparing!, 'F-1', 'PREPARING');
    await moveItem(gw, preparing2!, 'R-1', 'PREPARING');
    await move(gw, ready!, 'READY');
    await move(gw, pickedUp!, 'READY');
    await move(gw, pickedUp!, 'PICKED_UP');
    await move(gw, cancelled!, 'CANCELLED');
    const expected: [string, OrderStatus | 'FINISHED'][] = [
      [orders[0]!.id, 'PLACED'],
      [orders[1]!.id, 'PLACED'],
      [accepted!, 'ACCEPTED'],
      [preparing!, 'PREPARING'],
      [preparing2!, 'PREPARING'],
      [ready!, 'READY'],
      [pickedUp!, 'FINISHED'],
      [cancelled!, 'FINISHED'],
    ];
    for (const [id, column] of expected) await card(page, column, id).waitFor();
    await page.locator(`[data-order-id="${preparing}"] [data-plu="F-1"] .item-status[data-status="PREPARING"]`).waitFor();

    const shown = await page.locator('article.order-card').evaluateAll((cards) =>
      cards.map((c) => ({
        status: c.getAttribute('data-status'),
        orderButtons: [...c.querySelectorAll('.order-actions [data-to]')].map((b) => b.getAttribute('data-to')),
        items: [...c.querySelectorAll('[data-plu]')].map((i) => ({
          status: i.querySelector('.item-status')!.getAttribute('data-status'),
          buttons: [...i.querySelectorAll('[data-to]')].map((b) => b.getAttribute('data-to')),
        })),
      })),
    );
    expect(shown).toHaveLength(6);
    for (const c of shown) {
      expect(c.orderButtons).toEqual(ORDER_TRANSITIONS[c.status as OrderStatus]);
      for (const item of c.items) expect(item.buttons).toEqual(ITEM_TRANSITIONS[item.status as ItemStatus]);
    }
    // Finished orders are history: nothing to press.
    expect(await page.locator('section[data-status="FINISHED"] [data-to]').count()).toBe(0);

    const fits = () =>
      page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth > window.innerWidth,
        columnsInView: [...document.querySelectorAll('section.column')].every(
          (s) => s.getBoundingClientRect().right <= window.innerWidth,
        ),
      }));
    expect(await fits()).toEqual({ overflow: false, columnsInView: true });
    await screenshot(page, 'kitchen');
    await page.setViewportSize(VIEWPORTS.desktop);
    expect(await fits()).toEqual({ overflow: false, columnsInView: true });
  });

  it('removes a QUEUED item on a second press, strikes it through, shows the refund, and follows a quantity change', async () => {
    const gw = main.gatewayUrl;
    const order = await call<OrderView>(gw, 'channel', 'POST', '/v1/orders', {
      channelOrderId: `K${Math.floor(Math.random() * 90_000 + 10_000)}`,
      brandId: 'burger-brand',
      customer: { name: 'Grace Hopper' },
      items: [
        { plu: 'P-1', name: 'Hawaii Burger', quantity: 1, unitPrice: 9.5 },
        { plu: 'P-2', name: 'Fries', quantity: 2, unitPrice: 3 },
      ],
      payments: [{ reference: `pay-k-${Date.now()}-${Math.random()}`, amount: 15.5 }],
    });
    const page = await openBoard();
    await card(page, 'PLACED', order.id).waitFor();
    const remove = page.locator(`[data-order-id="${order.id}"] [data-plu="P-2"] [data-to="CANCELLED"]`);
    await remove.click();
    expect(await remove.textContent()).toBe('Confirm: Remove?');
    await remove.click();
    const removed = page.locator(`[data-order-id="${order.id}"] [data-plu="P-2"]`);
    await removed.locator('.item-status[data-status="CANCELLED"]').waitFor();
    expect(
      await removed.locator('.item-name').evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).textDecorationLine),
    ).toBe('line-through');
    await page.locator(`[data-order-id="${order.id}"] .card-notice`, { hasText: 'Refund of 6.00 requested' }).waitFor();
    // A change made elsewhere reaches the card through the stream.
    await call<OrderView>(gw, 'channel', 'PATCH', `/v1/orders/${order.id}/items/P-1`, { quantity: 3 });
    await page.locator(`[data-order-id="${order.id}"] [data-plu="P-1"] .item-name`, { hasText: '3×' }).waitFor();
    await page.locator(`[data-order-id="${order.id}"] .card-total[data-total="28.5"]`).waitFor();
  });

  it('accepting and advancing an order, by keyboard and pointer, moves its card between columns', async () => {
    const gw = main.gatewayUrl;
    const order = await place(gw);
    const page = await openBoard();
    await card(page, 'PLACED', order.id).waitFor();
    expect(await orderButtons(page, order.id)).toEqual(ORDER_TRANSITIONS.PLACED);
    expect(await itemButtons(page, order.id, 'P-1')).toEqual(ITEM_TRANSITIONS.QUEUED);

    const accept = `[data-order-id="${order.id}"] .order-actions [data-to="ACCEPTED"]`;
    await tabTo(page, accept);
    expect(await page.evaluate((s) => document.querySelector(s)!.matches(':focus-visible'), accept)).toBe(true);
    await page.keyboard.press('Enter');
    await card(page, 'ACCEPTED', order.id).waitFor();
    expect(await orderButtons(page, order.id)).toEqual(ORDER_TRANSITIONS.ACCEPTED);
    await page.locator('[aria-live="polite"]', { hasText: `#${order.channelOrderId} is now Accepted` }).waitFor();

    await page.locator(`[data-order-id="${order.id}"] [data-plu="P-1"] [data-to="PREPARING"]`).click();
    await page.locator(`[data-order-id="${order.id}"] [data-plu="P-1"] .item-status[data-status="PREPARING"]`).waitFor();
    expect(await itemButtons(page, order.id, 'P-1')).toEqual(ITEM_TRANSITIONS.PREPARING);

    await card(page, 'ACCEPTED', order.id).locator('.order-actions [data-to="PREPARING"]').click();
    await card(page, 'PREPARING', order.id).waitFor();
    expect(await orderButtons(page, order.id)).toEqual(ORDER_TRANSITIONS.PREPARING);
    await card(page, 'PREPARING', order.id).locator('.order-actions [data-to="READY"]').click();
    await card(page, 'READY', order.id).waitFor();
    expect(await orderButtons(page, order.id)).toEqual(ORDER_TRANSITIONS.READY);
    // Entering READY readies the items; a ready item has no moves left.
    await page.locator(`[data-order-id="${order.id}"] [data-plu="P-2"] .item-status[data-status="READY"]`).waitFor();
    expect(await itemButtons(page, order.id, 'P-2')).toEqual(ITEM_TRANSITIONS.READY);

    await card(page, 'READY', order.id).locator('[data-to="PICKED_UP"]').click();
    await card(page, 'FINISHED', order.id).waitFor();
    expect(await card(page, 'FINISHED', order.id).getAttribute('data-status')).toBe('PICKED_UP');
    expect((await call<OrderView>(gw, 'staff', 'GET', `/v1/orders/${order.id}`)).status).toBe('PICKED_UP');
  });

  it('shows the table or the car, keeps a scheduled order apart until its release, and promises the prep minutes chosen on Accept', async () => {
    const gw = main.gatewayUrl;
    const page = await openBoard();
    const create = (fulfillment: object, extra: object = {}) =>
      call<OrderView>(gw, 'channel', 'POST', '/v1/orders', {
        channelOrderId: `K${Math.floor(Math.random() * 90_000 + 10_000)}`,
        brandId: 'burger-brand',
        customer: { name: 'Grace Hopper' },
        fulfillment,
        items: [{ plu: 'P-1', name: 'Hawaii Burger', quantity: 1, unitPrice: 9.5 }],
        ...extra,
      });
    const dineIn = await create({ mode: 'DINE_IN', table: '12' });
    const curbside = await create({ mode: 'CURBSIDE', vehicle: 'Blue Volvo XY-123' });
    const later = await create({ mode: 'PICKUP' }, { pickupTime: new Date(Date.now() + 3 * 3_600_000).toISOString() });
    expect(later.scheduled).toBe(true);

    await card(page, 'PLACED', dineIn.id).locator('.fulfillment', { hasText: 'Table 12' }).waitFor();
    await card(page, 'PLACED', curbside.id).locator('.fulfillment', { hasText: 'Curbside: Blue Volvo XY-123' }).waitFor();
    const waiting = page.locator(`section[data-status="SCHEDULED"] [data-order-id="${later.id}"]`);
    await waiting.locator('.release').waitFor();
    expect(await waiting.locator('.release').getAttribute('data-release-at')).toBe(later.releaseAt);
    expect(await card(page, 'PLACED', later.id).count()).toBe(0);

    // The brand's estimate is offered; 7 typed instead is what the promise counts from the acceptance.
    const prep = card(page, 'PLACED', dineIn.id).locator('input[name="prepMinutes"]');
    await page.waitForFunction((id) => {
      const input = document.querySelector(`[data-order-id="${id}"] input[name="prepMinutes"]`);
      return input !== null && input.getAttribute('placeholder') !== '';
    }, dineIn.id);
    const estimate = await call<{ prepEstimateMinutes: number }>(gw, 'staff', 'GET', '/v1/brands/burger-brand/availability');
    expect(await prep.getAttribute('placeholder')).toBe(String(estimate.prepEstimateMinutes));
    await prep.fill('7');
    await card(page, 'PLACED', dineIn.id).locator('.order-actions [data-to="ACCEPTED"]').click();
    const promise = card(page, 'ACCEPTED', dineIn.id).locator('.promise');
    await promise.waitFor();
    const accepted = await call<OrderView>(gw, 'staff', 'GET', `/v1/orders/${dineIn.id}`);
    const history = await call<{ order: { status: string; at: string }[] }>(
      gw,
      'staff',
      'GET',
      `/v1/orders/${dineIn.id}/history`,
    );
    const acceptedAt = Date.parse(history.order.find((h) => h.status === 'ACCEPTED')!.at);
    expect(Date.parse(accepted.promisedReadyAt!) - acceptedAt).toBe(7 * 60_000);
    expect(await promise.getAttribute('data-promised-ready-at')).toBe(accepted.promisedReadyAt);
    expect(await promise.textContent()).toMatch(/left$/);
    expect(await promise.getAttribute('class')).not.toContain('promise-late');

    // Moved back to the acceptance itself, the promise has passed: the card counts the lateness in red.
    await call(gw, 'staff', 'PATCH', `/v1/orders/${dineIn.id}/promised-time`, {
      promisedReadyAt: new Date(acceptedAt).toISOString(),
    });
    await card(page, 'ACCEPTED', dineIn.id).locator('.promise.promise-late', { hasText: 'late by' }).waitFor();
  });

  it('cancelling asks for a second press before anything is sent', async () => {
    const gw = main.gatewayUrl;
    const order = await place(gw);
    const page = await openBoard();
    const cancel = card(page, 'PLACED', order.id).locator('.order-actions [data-to="CANCELLED"]');
    await cancel.click();
    await cancel.filter({ hasText: 'Confirm' }).waitFor();
    expect((await call<OrderView>(gw, 'staff', 'GET', `/v1/orders/${order.id}`)).status).toBe('PLACED');
    await cancel.click();
    await card(page, 'FINISHED', order.id).waitFor();
    expect(await card(page, 'FINISHED', order.id).getAttribute('data-status')).toBe('CANCELLED');
  });

  it('an order posted by another client appears, and another client’s change moves it, without a reload', async () => {
    const gw = main.gatewayUrl;
    const page = await openBoard();
    let loads = 0;
    page.on('load', () => loads++);
    const order = await place(gw, 'Katherine Johnson');
    await card(page, 'PLACED', order.id).waitFor();
    await page.locator('[aria-live="polite"]', { hasText: `New order #${order.channelOrderId}` }).waitFor();
    await move(gw, order.id, 'ACCEPTED');
    await card(page, 'ACCEPTED', order.id).waitFor();
    expect(loads).toBe(0);
  });

  it('says when the stream drops, resumes it with Last-Event-ID (missing nothing), and re-reads after a gap', async () => {
    const gw = main.gatewayUrl;
    const page = await openBoard();
    const first = await place(gw);
    await card(page, 'PLACED', first.id).waitFor();
    const lastSeen = proxy.lastEventIdSent;
    const requestsBefore = proxy.streamRequests.length;

    proxy.streamsDown = true;
    proxy.dropStreams();
    await page.locator('[data-stream="reconnecting"]').waitFor();
    await page.getByRole('alert').filter({ hasText: 'Live updates interrupted' }).waitFor();
    const placedMeanwhile = await place(gw);
    proxy.streamsDown = false;
    await card(page, 'PLACED', placedMeanwhile.id).waitFor();
    await waitLive(page);
    expect(await page.getByText('Live updates interrupted').count()).toBe(0);
    const resumed = proxy.streamRequests.slice(requestsBefore);
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.at(-1)!.lastEventId).toBe(lastSeen);
    for (const r of proxy.streamRequests) {
      expect(r.authorization).toBe(`Bearer ${TEST_KEYS.staff}`);
      expect(r.url).not.toContain(TEST_KEYS.staff);
    }

    // An id the gateway no longer holds: it answers `event: gap`, and the board re-reads the orders.
    proxy.forgetOnResume = randomUUID();
    proxy.streamsDown = true;
    proxy.dropStreams();
    await page.locator('[data-stream="reconnecting"]').waitFor();
    await move(gw, first.id, 'ACCEPTED');
    proxy.streamsDown = false;
    await card(page, 'ACCEPTED', first.id).waitFor();
    await waitLive(page);
  });

  it('a change made meanwhile by someone else is refused (412), said on the card, and the card refreshed', async () => {
    const gw = main.gatewayUrl;
    const order = await place(gw);
    await move(gw, order.id, 'ACCEPTED');
    const page = await openBoard();
    await card(page, 'ACCEPTED', order.id).waitFor();
    // Without the stream, the card cannot learn of the other change before the press.
    proxy.streamsDown = true;
    proxy.dropStreams();
    await page.locator('[data-stream="reconnecting"]').waitFor();

    await move(gw, order.id, 'PREPARING');
    await card(page, 'ACCEPTED', order.id).locator('.order-actions [data-to="PREPARING"]').click();
    const refreshed = card(page, 'PREPARING', order.id);
    await refreshed.waitFor();
    await refreshed
      .getByRole('alert')
      .filter({ hasText: /someone else changed this order first \(.*version 3/ })
      .waitFor();

    await moveItem(gw, order.id, 'P-1', 'READY');
    await refreshed.locator('[data-plu="P-1"] [data-to="PREPARING"]').click();
    await refreshed.locator('[data-plu="P-1"] .item-status[data-status="READY"]').waitFor();
    await refreshed
      .getByRole('alert')
      .filter({ hasText: /someone else changed this order first \(.*version 4/ })
      .waitFor();
    expect(await itemButtons(page, order.id, 'P-1')).toEqual(ITEM_TRANSITIONS.READY);
    const now = await call<OrderView>(gw, 'staff', 'GET', `/v1/orders/${order.id}`);
    expect([now.status, now.items.map((i) => i.status)]).toEqual(['PREPARING', ['READY', 'QUEUED']]);
  });

  it('the countdown of a PLACED order runs to the acceptance timeout, and the card moves to rejected', async () => {
    const opened = await openSignedIn(browser, `${timed.gatewayUrl}/kitchen`, TEST_KEYS.staff, VIEWPORTS.tablet);
    context = opened.context;
    const { page } = opened;
    await waitLive(page);
    const order = await place(timed.gatewayUrl);
    const countdown = card(page, 'PLACED', order.id).getByRole('timer');
    await countdown.waitFor();
    const remaining = async () => Number(await countdown.getAttribute('data-remaining-ms'));
    const start = await remaining();
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThanOrEqual(ACCEPT_TIMEOUT_MS);
    expect(await countdown.textContent()).toMatch(/^Accept within 0:0[0-4]$/);
    await page.waitForFunction(
      ([id, from]) => {
        const timer = document.querySelector(`[data-order-id="${id}"] [role="timer"]`);
        return !timer || Number(timer.getAttribute('data-remaining-ms')) < Number(from);
      },
      [order.id, String(start)] as const,
    );
    const rejected = card(page, 'FINISHED', order.id);
    await rejected.waitFor({ timeout: ACCEPT_TIMEOUT_MS + 10_000 });
    expect(await rejected.getAttribute('data-status')).toBe('REJECTED');
  });

  it('a wrong key, then an analyst key, are each said so and the key is asked for again', async () => {
    context = await browser.newContext({ viewport: VIEWPORTS.tablet });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${proxy.url}/kitchen`);
    const signIn = async (key: string) => {
      await page.getByLabel(/API key/).fill(key);
      await page.getByRole('button', { name: 'Continue' }).click();
    };
    await signIn('not-a-key');
    await page.getByRole('alert').filter({ hasText: 'not recognised' }).waitFor();
    expect(await page.getByLabel(/API key/).isVisible()).toBe(true);
    await signIn(TEST_KEYS.analyst);
    await page.getByRole('alert').filter({ hasText: 'needs a staff key' }).waitFor();
    expect(await page.getByLabel(/API key/).isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await signIn(TEST_KEYS.staff);
    await waitLive(page);
  });

  it('with the gateway unreachable the page says so and keeps trying, then recovers by itself', async () => {
    context = await browser.newContext({ viewport: VIEWPORTS.tablet });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${proxy.url}/kitchen`);
    proxy.down = true;
    await page.getByLabel(/API key/).fill(TEST_KEYS.staff);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').filter({ hasText: 'Cannot read the orders: The gateway cannot be reached' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'Live updates interrupted' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Kitchen display' }).isVisible()).toBe(true);
    const order = await place(main.gatewayUrl);
    proxy.down = false;
    await waitLive(page);
    await card(page, 'PLACED', order.id).waitFor();
    await page.getByText('Cannot read the orders').waitFor({ state: 'detached' });
  });
});
