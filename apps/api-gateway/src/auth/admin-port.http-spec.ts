import { MetricsModule } from '#observability';
import { createServer } from 'node:net';
import { bearer, createGatewayTestApp, type GatewayTestApp, ORDER_ID } from '#test-support/gateway/gateway-test-app.js';
import { listenGateway } from '../gateway.js';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Routes only admin and internal keys may call, and /metrics: on ADMIN_PORT only. */
const ADMIN_ROUTES = [
  ['GET', '/v1/refunds'],
  ['PATCH', `/v1/refunds/${ORDER_ID}`],
  ['POST', '/v1/analytics/rebuild'],
  ['GET', '/v1/webhooks'],
  ['POST', '/v1/webhooks'],
  ['GET', '/metrics'],
] as const;

/** Routes other roles may call: on PORT only. */
const PUBLIC_ROUTES = [
  ['GET', `/v1/orders/${ORDER_ID}`],
  ['GET', '/v1/orders'],
  ['POST', '/v1/orders'],
  ['PATCH', `/v1/orders/${ORDER_ID}/status`],
  ['GET', '/v1/analytics/summary'],
] as const;

describe('ADMIN_PORT', () => {
  let t: GatewayTestApp;
  let publicUrl: string;
  let adminUrl: string;

  beforeAll(async () => {
    const [publicPort, adminPort] = [await freePort(), await freePort()];
    t = await createGatewayTestApp({
      env: { ADMIN_PORT: String(adminPort), RATE_LIMITS: 'channel:0.1/1' },
      imports: [MetricsModule.forRoot()],
    });
    await listenGateway(t.app, publicPort, '127.0.0.1', adminPort);
    publicUrl = `http://127.0.0.1:${publicPort}`;
    adminUrl = `http://127.0.0.1:${adminPort}`;
  });
  afterAll(() => t.close());

  // An admin key: on the port that serves the route it passes the key check, so any answer but 404 shows the route is there.
  const call = (base: string, method: string, path: string) =>
    fetch(`${base}${path}`, {
      method,
      headers: { ...bearer('admin'), 'Content-Type': 'application/json' },
      ...(method === 'GET' ? {} : { body: '{}' }),
    });

  it.each(ADMIN_ROUTES)(
    'answers %s %s on the admin port only; the public port answers 404, even before a key',
    async (method, path) => {
      const onPublic = await call(publicUrl, method, path);
      expect(onPublic.status).toBe(404);
      expect(await onPublic.json()).toMatchObject({ status: 404, detail: `No route matches ${method} ${path}.` });
      expect((await fetch(`${publicUrl}${path}`, { method })).status).toBe(404);
      expect((await call(adminUrl, method, path)).status).not.toBe(404);
    },
  );

  it.each(PUBLIC_ROUTES)('answers %s %s on the public port only', async (method, path) => {
    expect((await call(publicUrl, method, path)).status).not.toBe(404);
    expect((await call(adminUrl, method, path)).status).toBe(404);
  });

  it('lists in OPTIONS and 405 Allow only the methods each port serves', async () => {
    const allow = async (base: string, method: string, path: string) => {
      const res = await fetch(`${base}${path}`, { method, headers: bearer('admin') });
      return { status: res.status, allow: res.headers.get('allow') };
    };
    // POST /v1/orders/{id}/refunds (goodwill, staff) stays; GET /v1/refunds and PATCH /v1/refunds/{id} moved.
    expect(await allow(publicUrl, 'OPTIONS', `/v1/refunds/${ORDER_ID}`)).toEqual({ status: 404, allow: null });
    expect(await allow(adminUrl, 'OPTIONS', `/v1/refunds/${ORDER_ID}`)).toEqual({ status: 204, allow: 'OPTIONS, PATCH' });
    expect(await allow(publicUrl, 'OPTIONS', '/v1/orders')).toEqual({ status: 204, allow: 'GET, HEAD, OPTIONS, POST' });
    expect(await allow(adminUrl, 'OPTIONS', '/v1/orders')).toEqual({ status: 404, allow: null });
    expect(await allow(adminUrl, 'DELETE', '/v1/webhooks')).toMatchObject({ status: 405, allow: 'GET, HEAD, OPTIONS, POST' });
    expect(await allow(publicUrl, 'DELETE', '/v1/webhooks')).toEqual({ status: 404, allow: null });
  });

  it('serves /metrics on the admin port without a key, as Prometheus scrapes it', async () => {
    const res = await fetch(`${adminUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('process_cpu_user_seconds_total');
  });

  it('holds a rate-limited key to one budget on both ports, refusing it on the admin port too', async () => {
    const get = (base: string) => fetch(`${base}/v1/orders/${ORDER_ID}`, { headers: bearer('channel') });
    expect((await get(publicUrl)).status).not.toBe(429);
    const refused = await get(adminUrl);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await get(publicUrl)).status).toBe(429);
  });

  it('stops listening on both ports when the application closes', async () => {
    await t.close();
    await expect(fetch(`${adminUrl}/metrics`)).rejects.toThrow();
    await expect(fetch(`${publicUrl}/v1/orders`)).rejects.toThrow();
  });
});
