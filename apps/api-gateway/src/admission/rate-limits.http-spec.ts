import {
  bearer,
  createGatewayTestApp,
  type GatewayTestApp,
  KEYS,
  ORDER_ID,
  orderView,
} from '#test-support/gateway/gateway-test-app.js';

const OTHER_CHANNEL_KEY = 'test-channel-key-0006';

describe('RATE_LIMITS', () => {
  let t: GatewayTestApp;

  beforeAll(async () => {
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}:${key}`);
    t = await createGatewayTestApp({
      env: { API_KEYS: [...keys, `channel:${OTHER_CHANNEL_KEY}`].join(','), RATE_LIMITS: 'channel:0.1/3' },
    });
    t.client.onQuery('orders.get', { ok: true, value: orderView() });
  });
  afterAll(() => t.close());

  it('answers a key past its burst 429 with Retry-After, sending nothing on, while other keys keep their pace', async () => {
    const get = (auth: Record<string, string>) => t.http().get(`/v1/orders/${ORDER_ID}`).set(auth);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await get(bearer('channel')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]!.headers['ratelimit-policy']).toBe('"per-key";q=3;w=30');
    // Seconds are rounded up from a bucket that keeps filling: a slow machine may take one off.
    expect(answers[0]!.headers['ratelimit']).toMatch(/^"per-key";r=2;t=(9|10)$/);
    const refused = answers[3]!;
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toMatch(/^(9|10)$/);
    expect(refused.headers['ratelimit']).toMatch(/^"per-key";r=0;t=(29|30)$/);
    expect(refused.body).toMatchObject({
      status: 429,
      detail: expect.stringContaining(`Retry after ${refused.headers['retry-after']} s`),
    });
    expect(t.client.sent.filter((s) => s.pattern === 'orders.get')).toHaveLength(3);

    expect((await get({ Authorization: `Bearer ${OTHER_CHANNEL_KEY}` })).status).toBe(200);
    const staff = await get(bearer('staff'));
    expect(staff.status).toBe(200);
    expect(staff.headers['ratelimit']).toBeUndefined();
  });

  it('leaves a request without a known key to the key guard (401), counting nothing', async () => {
    const res = await t.http().get(`/v1/orders/${ORDER_ID}`).set({ Authorization: 'Bearer not-a-key' });
    expect(res.status).toBe(401);
    expect(res.headers['ratelimit']).toBeUndefined();
  });
});
