import { createHash } from 'node:crypto';
import type { TrackedOrder } from '#contracts';
import { bearer, createGatewayTestApp, type GatewayTestApp, KEYS, ORDER_ID } from '#test-support/gateway/gateway-test-app.js';
import { TRACKING_EXAMPLE } from '../../orders/order.examples.js';

const TOKEN = 'q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe';
const tracked: TrackedOrder = { orderId: ORDER_ID, view: TRACKING_EXAMPLE };

describe('GET /v1/track/{token}', () => {
  let t: GatewayTestApp;
  beforeAll(async () => {
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}:${key}`);
    t = await createGatewayTestApp({ env: { API_KEYS: keys.join(','), RATE_LIMITS: 'channel:0.1/1' } });
  });
  afterAll(() => t.close());
  beforeEach(() => t.client.reset());

  it('answers the view without a key, asking the orders service by the token’s SHA-256 only', async () => {
    t.client.onQuery('orders.track', tracked);
    const res = await t.http().get(`/v1/track/${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(TRACKING_EXAMPLE);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(t.client.sent).toEqual([
      expect.objectContaining({
        pattern: 'orders.track',
        payload: { tokenDigest: createHash('sha256').update(TOKEN).digest('hex') },
      }),
    ]);
  });

  it('answers unknown (or expired) and malformed tokens with the same 404, asking nothing for a malformed one', async () => {
    t.client.onQuery('orders.track', null);
    const unknown = await t.http().get(`/v1/track/${TOKEN}`);
    const sentForUnknown = t.client.sent.length;
    const malformed = await t.http().get('/v1/track/not-a-token');
    const undecodable = await t.http().get('/v1/track/%E0%A4%A');
    for (const res of [unknown, malformed, undecodable]) {
      expect(res.status).toBe(404);
      expect(res.text).toBe(unknown.text);
    }
    expect(unknown.body).toMatchObject({ status: 404, instance: '/v1/track' });
    expect([sentForUnknown, t.client.sent.length]).toEqual([1, 1]);
  });

  it('answers the same with any key or none, and spends no key’s rate limit', async () => {
    t.client.onQuery('orders.track', tracked);
    for (let i = 0; i < 3; i++) {
      const res = await t.http().get(`/v1/track/${TOKEN}`).set(bearer('channel'));
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit']).toBeUndefined();
    }
    expect((await t.http().get(`/v1/track/${TOKEN}`).set({ Authorization: 'Bearer not-a-key' })).status).toBe(200);
  });
});
