import request from 'supertest';
import type { OrderView } from '#contracts';
import { startStack, TEST_KEYS, type Stack } from '#test-support/stack.js';

/**
 * The gateway's HTTP conventions as the running app wires them (its Nest middleware, routes,
 * docs and metrics): 405 with Allow, CORS for the configured origins, conditional reads.
 */
const ORIGIN = 'https://kitchen.example.com';
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const BRAND = `http-${RUN}`;
const SCOPED_STAFF = `scoped-staff-${RUN}`;
type OpenApi = { paths: Record<string, Record<string, unknown>> };

describe('HTTP conventions of the running gateway', () => {
  let stack: Stack;
  let order: OrderView;
  const api = () => request(stack.gatewayUrl);
  const auth = (role: keyof typeof TEST_KEYS) => ({ Authorization: `Bearer ${TEST_KEYS[role]}` });

  beforeAll(async () => {
    stack = await startStack({
      CORS_ORIGINS: `${ORIGIN},http://localhost:5173`,
      API_KEYS: [...Object.entries(TEST_KEYS).map(([role, key]) => `${role}:${key}`), `staff:${SCOPED_STAFF}:elsewhere`].join(
        ',',
      ),
    });
    const created = await api()
      .post('/v1/orders')
      .set(auth('channel'))
      .send({
        channelOrderId: `H-${RUN}`,
        brandId: BRAND,
        customer: { name: 'Ann' },
        items: [{ plu: 'P1', name: 'Tea', quantity: 1 }],
      });
    expect(created.status).toBe(201);
    order = created.body as OrderView;
  });
  afterAll(() => stack?.stop());

  describe('405 Method Not Allowed', () => {
    it('every documented path answers a method it lacks with 405 and Allow listing exactly its documented methods', async () => {
      const document = (await api().get('/docs-json')).body as OpenApi;
      const paths = Object.entries(document.paths);
      expect(paths.length).toBeGreaterThan(10);
      for (const [template, operations] of paths) {
        const path = template.replace(/\{[^}]+\}/g, order.id);
        const documented = Object.keys(operations).map((m) => m.toUpperCase());
        const expected = [...documented, ...(documented.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].sort();
        const lacking = (['delete', 'put', 'patch', 'post'] as const).find((m) => !documented.includes(m.toUpperCase()))!;
        const res = await api()[lacking](path).set(auth('admin'));
        expect({ path, status: res.status, allow: res.headers.allow }).toEqual({ path, status: 405, allow: expected.join(', ') });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({ status: 405, type: 'https://problems.orders.dev/method-not-allowed' });
      }
    });

    it('also without a key, and on the open routes (health, metrics)', async () => {
      const res = await api().post(`/v1/orders/${order.id}`);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, OPTIONS, PATCH');
      for (const path of ['/health/ready', '/metrics']) expect((await api().put(path)).headers.allow).toBe('GET, HEAD, OPTIONS');
    });

    it('an unknown path stays a 404 problem, and an unknown order a 404 from its route', async () => {
      const unknownPath = await api().delete('/v1/nothing').set(auth('admin'));
      expect(unknownPath.status).toBe(404);
      expect(unknownPath.headers.allow).toBeUndefined();
      const unknownOrder = await api().get('/v1/orders/00000000-0000-4000-8000-000000000000').set(auth('admin'));
      expect(unknownOrder.status).toBe(404);
      expect(unknownOrder.headers.allow).toBeUndefined();
    });
  });

  describe('CORS (CORS_ORIGINS)', () => {
    it('answers a listed origin’s preflight for a status change', async () => {
      const res = await api()
        .options(`/v1/orders/${order.id}/status`)
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'authorization,content-type,if-match');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(res.headers['access-control-allow-methods']).toBe('OPTIONS,PATCH');
      expect(res.headers['access-control-allow-headers']).toMatch(/Authorization.*Content-Type.*If-Match/);
    });

    it('lets the listed origin read an order, its ETag and Location, and a problem', async () => {
      const created = await api()
        .post('/v1/orders')
        .set('Origin', ORIGIN)
        .set(auth('channel'))
        .send({
          channelOrderId: `H2-${RUN}`,
          brandId: BRAND,
          customer: { name: 'Bo' },
          items: [{ plu: 'P1', name: 'Tea', quantity: 1 }],
        });
      expect(created.status).toBe(201);
      expect(created.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(created.headers['access-control-expose-headers']).toMatch(/ETag.*Location.*Retry-After/);
      const unauthorized = await api().get(`/v1/orders/${order.id}`).set('Origin', ORIGIN);
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers['access-control-allow-origin']).toBe(ORIGIN);
    });

    it('gives an origin not on the list no CORS header', async () => {
      const res = await api().get(`/v1/orders/${order.id}`).set('Origin', 'https://elsewhere.example.net').set(auth('staff'));
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers.vary).toMatch(/Origin/);
    });
  });

  describe('If-None-Match on order reads', () => {
    it.each([
      ['the ETag', (v: number) => `"${v}"`],
      ['its weak form', (v: number) => `W/"${v}"`],
      ['a list holding it', (v: number) => `"${v + 5}", "${v}"`],
      ['*', () => '*'],
    ])('GET /v1/orders/{id}: 304 for %s, 200 for another version', async (_label, tag) => {
      const current = await api().get(`/v1/orders/${order.id}`).set(auth('staff'));
      const version = (current.body as OrderView).version;
      const notModified = await api().get(`/v1/orders/${order.id}`).set(auth('staff')).set('If-None-Match', tag(version));
      expect(notModified.status).toBe(304);
      expect(notModified.headers.etag).toBe(`"${version}"`);
      expect(notModified.text ?? '').toBe('');
      expect(
        (
          await api()
            .get(`/v1/orders/${order.id}`)
            .set(auth('staff'))
            .set('If-None-Match', `"${version + 1}"`)
        ).status,
      ).toBe(200);
    });

    it('after a change the old ETag reads the new order; history and list revalidate with their own ETags', async () => {
      const before = await api().get(`/v1/orders/${order.id}`).set(auth('staff'));
      const history = await api().get(`/v1/orders/${order.id}/history`).set(auth('staff'));
      const list = await api().get(`/v1/orders?brandId=${BRAND}`).set(auth('staff'));
      for (const res of [history, list]) {
        expect(res.headers.etag).toMatch(/^W\/".+"$/);
      }
      expect(
        (await api().get(`/v1/orders/${order.id}/history`).set(auth('staff')).set('If-None-Match', history.headers.etag)).status,
      ).toBe(304);
      expect(
        (await api().get(`/v1/orders?brandId=${BRAND}`).set(auth('staff')).set('If-None-Match', list.headers.etag)).status,
      ).toBe(304);

      const accepted = await api().patch(`/v1/orders/${order.id}/status`).set(auth('staff')).send({ status: 'ACCEPTED' });
      expect(accepted.status).toBe(200);
      const after = await api().get(`/v1/orders/${order.id}`).set(auth('staff')).set('If-None-Match', before.headers.etag);
      expect(after.status).toBe(200);
      expect(after.body.status).toBe('ACCEPTED');
      expect(after.headers.etag).toBe(accepted.headers.etag);
      const newHistory = await api()
        .get(`/v1/orders/${order.id}/history`)
        .set(auth('staff'))
        .set('If-None-Match', history.headers.etag);
      expect(newHistory.status).toBe(200);
      expect(newHistory.body.order.map((e: { status: string }) => e.status)).toEqual(['PLACED', 'ACCEPTED']);
      const newList = await api().get(`/v1/orders?brandId=${BRAND}`).set(auth('staff')).set('If-None-Match', list.headers.etag);
      expect(newList.status).toBe(200);
    });

    it('never answers 304 where the read itself is refused: another brand’s order stays 404 for a scoped key', async () => {
      const res = await api()
        .get(`/v1/orders/${order.id}`)
        .set('Authorization', `Bearer ${SCOPED_STAFF}`)
        .set('If-None-Match', '*');
      expect(res.status).toBe(404);
      expect((await api().get(`/v1/orders/${order.id}`).set('If-None-Match', '*')).status).toBe(401);
    });
  });
});
