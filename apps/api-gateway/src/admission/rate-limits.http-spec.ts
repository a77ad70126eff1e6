import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  bearer,
  createGatewayTestApp,
  type GatewayTestApp,
  KEYS,
  ORDER_ID,
  orderView,
} from '#test-support/gateway/gateway-test-app.js';

const OTHER_CHANNEL_KEY = 'test-channel-key-0006';
/** Spent by the tests of what a refusal carries, apart from the keys above. */
const THIRD_CHANNEL_KEY = 'test-channel-key-0007';
const FOURTH_CHANNEL_KEY = 'test-channel-key-0008';
const ORIGIN = 'https://shop.example';

describe('RATE_LIMITS', () => {
  let t: GatewayTestApp;

  beforeAll(async () => {
    const keys = Object.entries(KEYS).map(([role, key]) => `${role}:${key}`);
    t = await createGatewayTestApp({
      env: {
        API_KEYS: [...keys, `channel:${OTHER_CHANNEL_KEY}`, `channel:${THIRD_CHANNEL_KEY}`, `channel:${FOURTH_CHANNEL_KEY}`].join(
          ',',
        ),
        RATE_LIMITS: 'channel:0.1/3',
        CORS_ORIGINS: ORIGIN,
      },
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

  it('gives a refusal what every answer carries: the problem document, the correlation id and the CORS headers', async () => {
    const get = (headers: Record<string, string>) =>
      t
        .http()
        .get(`/v1/orders/${ORDER_ID}`)
        .set({ Authorization: `Bearer ${THIRD_CHANNEL_KEY}`, Origin: ORIGIN, ...headers });
    const answered = await get({ 'X-Correlation-Id': 'corr-answered' });
    expect(answered.status).toBe(200);
    await get({});
    await get({});
    const refused = await get({ 'X-Correlation-Id': 'corr-refused-1' });
    expect(refused.status).toBe(429);
    expect(refused.headers['x-correlation-id']).toBe('corr-refused-1');
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.body).toEqual({
      type: 'https://problems.orders.dev/too-many-requests',
      title: 'Too Many Requests',
      status: 429,
      detail: expect.stringContaining('nothing was accepted'),
      instance: `/v1/orders/${ORDER_ID}`,
    });
    const cors = (h: Record<string, string>) => [h['access-control-allow-origin'], h['access-control-expose-headers'], h['vary']];
    expect(cors(refused.headers)).toEqual(cors(answered.headers));
    expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN);

    // An id holding a key, or none, is replaced by a fresh one; an origin not listed gets no CORS headers.
    const withKey = await get({ 'X-Correlation-Id': `x-${KEYS.admin}`, Origin: 'https://elsewhere.example' });
    expect(withKey.status).toBe(429);
    expect(withKey.headers['x-correlation-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(withKey.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a body unread and keeps the connection for the next request', async () => {
    const server = t.app.getHttpServer() as import('node:http').Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const post = () =>
      new Promise<{ status: number; reused: boolean }>((resolve, reject) => {
        const body = JSON.stringify({ pad: 'x'.repeat(4000) });
        const req = httpRequest(
          {
            port,
            host: '127.0.0.1',
            method: 'POST',
            path: '/v1/orders',
            agent,
            headers: { authorization: `Bearer ${FOURTH_CHANNEL_KEY}`, 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.once('end', () => resolve({ status: res.statusCode!, reused: req.reusedSocket }));
          },
        );
        req.once('error', reject);
        req.end(body);
      });
    try {
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await post());
      expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 429, 429]);
      expect(answers.slice(1).every((a) => a.reused)).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
