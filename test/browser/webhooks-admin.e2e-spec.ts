import type { Browser } from 'playwright-core';
import { launchBrowser, openSignedIn, screenshot } from '#test-support/browser.js';
import { type OwnStack, startStackOfItsOwn } from '#test-support/own-stack.js';
import { eventually } from '#test-support/wait.js';
import { Receiver } from '../webhooks/support/receiver.js';
import { loopbackWebhooks } from '#test-support/loopback-webhooks.js';

/**
 * The webhooks admin page against the whole stack, on a database and vhost of its own (its
 * dispatcher must not compete with other stacks'): subscriptions with their state, the failed
 * deliveries of each, and Retry sending one again.
 */
describe('webhooks admin page in a browser', () => {
  const brandId = `wh-page-${Date.now().toString(36)}`;
  let stack: OwnStack;
  let browser: Browser;
  let refusing: Receiver;
  let gone: Receiver;

  const call = async (method: string, path: string, body?: unknown, role = 'admin') => {
    const res = await fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${stack.keys[role]}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, any>;
  };

  beforeAll(async () => {
    stack = await startStackOfItsOwn('webhooks_page', {
      ...loopbackWebhooks(),
      WEBHOOK_POLL_MS: '50',
    });
    [refusing, gone] = await Promise.all([Receiver.start(), Receiver.start()]);
    refusing.answer = () => ({ status: 400 });
    gone.answer = () => ({ status: 410 });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await Promise.all([refusing?.close(), gone?.close()]);
    await stack?.stop();
  });

  it('lists subscriptions with their state and failed deliveries, and retries one with its button', async () => {
    const failing = await call('POST', '/v1/webhooks', {
      url: refusing.url,
      types: ['order.created', 'order.status_changed'],
      brandIds: [brandId],
      description: 'Store app (refuses everything)',
    });
    const disabled = await call('POST', '/v1/webhooks', { url: gone.url, types: ['*'], brandIds: [brandId] });
    const order = await call(
      'POST',
      '/v1/orders',
      {
        channelOrderId: `WHP-${Date.now()}`,
        brandId,
        customer: { name: 'Ada' },
        items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 9 }],
      },
      'channel',
    );
    await call('PATCH', `/v1/orders/${order.id}/status`, { status: 'ACCEPTED' }, 'staff');
    const failed = await eventually(
      async () => {
        const page = await call('GET', `/v1/webhooks/${failing.id}/deliveries?status=FAILED`);
        return page.items.length === 2 && page.items;
      },
      'both deliveries failing for good (400)',
      20_000,
    );
    await eventually(async () => (await call('GET', `/v1/webhooks/${disabled.id}`)).status === 'DISABLED', 'the 410 disabling');

    const { page } = await openSignedIn(browser, `${stack.gatewayUrl}/webhooks`, stack.keys.admin);
    const card = page.locator(`section[data-id="${failing.id}"]`);
    await card.locator('tbody tr').first().waitFor();
    expect(await card.locator('h2').textContent()).toBe(`ENABLED ${refusing.url}`);
    expect(await card.locator('tbody tr td:first-child').allTextContents()).toEqual(
      failed.map((d: { eventType: string }) => d.eventType),
    );
    expect(await card.locator('tbody tr td:nth-child(4)').allTextContents()).toEqual(['400', '400']);
    const off = page.locator(`section[data-id="${disabled.id}"]`);
    expect(await off.locator('.state').textContent()).toBe('DISABLED');
    expect(await off.getByRole('alert').textContent()).toMatch(/^Disabled: .*410/);
    await screenshot(page, 'webhooks');

    refusing.answer = () => ({ status: 200 });
    const first = failed[0] as { id: string; eventId: string };
    await card.locator(`tr[data-delivery="${first.id}"]`).getByRole('button', { name: 'Retry' }).click();
    await card.locator(`tr[data-delivery="${first.id}"]`).getByText('Retry queued').waitFor();
    await eventually(
      () => refusing.received.some((r) => r.status === 200 && r.headers['webhook-id'] === first.eventId),
      'the retried delivery arriving',
      20_000,
    );
    await page.getByRole('button', { name: 'Refresh' }).click();
    await eventually(async () => (await card.locator('tbody tr').count()) === 1, 'the delivered one leaving the failed list');
    await page.context().close();
  });

  it('says where the page works when the webhook routes are on the admin port', async () => {
    const { page } = await openSignedIn(browser, `${stack.gatewayUrl}/webhooks`, stack.keys.admin);
    // What the public port answers with ADMIN_PORT set: the route is not there.
    await page.route('**/v1/webhooks', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 404, title: 'Not Found' }),
      }),
    );
    await page.reload();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('admin port');
    await page.context().close();
  });
});
