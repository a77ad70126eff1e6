import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from '#test-support/browser.js';
import { startStack, type Stack } from '#test-support/stack.js';
import { eventually } from '#test-support/wait.js';

/** A phone held by the customer. */
const PHONE = { width: 390, height: 844 };

/** The customer's tracking page: no key, only what the link shows, live from its stream. */
describe('tracking page in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  const uniq = () => `TRKW-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}`, 'Content-Type': 'application/json' });
  const call = async (method: string, path: string, role: string, body: unknown) => {
    const res = await fetch(`${stack.gatewayUrl}${path}`, { method, headers: auth(role), body: JSON.stringify(body) });
    const answer = (await res.json()) as Record<string, any>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const open = async (token: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${stack.gatewayUrl}/track/${token}`);
    return page;
  };

  it('shows the steps, the items and the promised time counting down, and follows changes live', async () => {
    const order = await call('POST', '/v1/orders', 'channel', {
      channelOrderId: uniq(),
      brandId: 'brand-tracking-page',
      customer: { name: 'Grace Hopper', phoneNumber: '+358401234567' },
      deliveryAddress: { city: 'Espoo', street: 'Secretstreet 7', postalCode: '02150' },
      items: [
        { plu: 'P-1', name: 'Tonkotsu ramen', quantity: 2, unitPrice: 14 },
        { plu: 'P-2', name: 'Gyoza', quantity: 1, unitPrice: 6 },
        { plu: 'P-3', name: 'Matcha ice cream', quantity: 1, unitPrice: 5 },
      ],
    });
    await call('PATCH', `/v1/orders/${order.id}/status`, 'staff', { status: 'ACCEPTED', prepMinutes: 20 });
    const page = await open(order.trackingToken);

    await page.locator('main[data-status="ACCEPTED"][data-connection="live"]').waitFor();
    await expect(page.getByRole('heading', { name: 'Your order' }).isVisible()).resolves.toBe(true);
    expect(await page.locator('.step-current').textContent()).toBe('Accepted');
    expect(await page.locator('.when strong').textContent()).toMatch(/^Ready at \d{2}:\d{2}/);
    const first = await page.locator('.countdown').textContent();
    expect(first).toMatch(/^in (19|20):\d{2}$/);
    await eventually(async () => (await page.locator('.countdown').textContent()) !== first, 'the count-down moving', 5_000);
    expect(await page.locator('.item-name').allTextContents()).toEqual([
      '2 × Tonkotsu ramen',
      '1 × Gyoza',
      '1 × Matcha ice cream',
    ]);

    // Changes made by the kitchen show up without a reload.
    await call('PATCH', `/v1/orders/${order.id}/status`, 'staff', { status: 'PREPARING' });
    await page.locator('main[data-status="PREPARING"]').waitFor();
    expect(await page.locator('.step-current').textContent()).toBe('Being prepared');
    await call('PATCH', `/v1/orders/${order.id}/items/P-1/status`, 'staff', { status: 'PREPARING' });
    await call('PATCH', `/v1/orders/${order.id}/items/P-2/status`, 'staff', { status: 'PREPARING' });
    await call('PATCH', `/v1/orders/${order.id}/items/P-2/status`, 'staff', { status: 'READY' });
    await page.locator('.item-ready').waitFor();
    expect(await page.locator('.item-status').allTextContents()).toEqual(['Preparing', 'Ready', 'Waiting']);
    expect(await page.locator('.step-done').allTextContents()).toEqual(['Received', 'Accepted']);
    await screenshot(page, 'tracking');

    const text = (await page.locator('body').textContent()) ?? '';
    for (const personal of ['Grace', '+358', 'Espoo', 'Secretstreet', order.id, 'brand-tracking-page', 'TRKW-']) {
      expect(text).not.toContain(personal);
    }

    await call('PATCH', `/v1/orders/${order.id}/status`, 'staff', { status: 'READY' });
    await page.locator('main[data-status="READY"]').waitFor();
    expect(await page.locator('.when strong').textContent()).toBe('Ready now');
    await call('PATCH', `/v1/orders/${order.id}/status`, 'staff', { status: 'PICKED_UP' });
    await page.locator('main[data-status="PICKED_UP"]').waitFor();
    expect(await page.locator('.step-done').allTextContents()).toEqual([
      'Received',
      'Accepted',
      'Being prepared',
      'Ready',
      'On its way',
    ]);
    await page.context().close();
  });

  it('says a cancelled order is cancelled, and that an unknown link shows no order', async () => {
    const order = await call('POST', '/v1/orders', 'channel', {
      channelOrderId: uniq(),
      brandId: 'brand-tracking-page',
      customer: { name: 'Ada' },
      items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 7 }],
    });
    const page = await open(order.trackingToken);
    await page.locator('main[data-status="PLACED"]').waitFor();
    expect(await page.locator('.when strong').textContent()).toBe('Waiting for the restaurant');
    await call('PATCH', `/v1/orders/${order.id}/status`, 'staff', { status: 'CANCELLED' });
    await page.getByText('This order was cancelled.').waitFor();
    expect(await page.locator('.steps').count()).toBe(0);

    await page.goto(`${stack.gatewayUrl}/track/${'x'.repeat(32)}`);
    await page.locator('main[data-connection="gone"]').waitFor();
    expect(await page.getByRole('status').textContent()).toContain('This link shows no order');
    await page.context().close();
  });
});
