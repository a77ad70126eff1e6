import { createHash } from 'node:crypto';
import type { ApiRole } from '#config';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  type GatewayTestApp,
  KEYS,
  ORDER_ID,
  orderView,
  validOrderBody,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.client.reset();
  t.client
    .onCommand('orders.create', {
      answered: true,
      result: { ok: true, value: { order: orderView(), created: true, trackingToken: 'q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe' } },
    })
    .onCommand('orders.change-status', {
      answered: true,
      result: { ok: true, value: orderView({ status: 'ACCEPTED', version: 2 }) },
    })
    .onQuery('orders.get', { ok: true, value: orderView() })
    .onQuery('orders.list', { ok: true, value: { items: [], nextCursor: null } })
    .onQuery('orders.history', { ok: true, value: { order: [], items: {} } })
    .onCommand('orders.change-item-status', { answered: true, result: { ok: true, value: orderView({ version: 2 }) } })
    .onCommand('orders.add-items', { answered: true, result: { ok: true, value: orderView({ version: 2 }) } })
    .onQuery('refunds.list', { ok: true, value: { items: [], nextCursor: null } });
});

const routes: { name: string; roles: ApiRole[] | 'any'; send: (h: Record<string, string>) => PromiseLike<any> }[] = [
  {
    name: 'POST /v1/orders',
    roles: ['channel', 'internal'],
    send: (h) => t.http().post('/v1/orders').set(h).send(validOrderBody()),
  },
  { name: 'GET /v1/orders', roles: ['staff', 'analyst', 'internal'], send: (h) => t.http().get('/v1/orders').set(h) },
  { name: 'GET /v1/orders/{id}', roles: 'any', send: (h) => t.http().get(`/v1/orders/${ORDER_ID}`).set(h) },
  {
    name: 'PATCH /v1/orders/{id}/status',
    roles: ['staff', 'internal'],
    send: (h) => t.http().patch(`/v1/orders/${ORDER_ID}/status`).set(h).send({ status: 'ACCEPTED' }),
  },
  { name: 'GET /v1/orders/{id}/history', roles: 'any', send: (h) => t.http().get(`/v1/orders/${ORDER_ID}/history`).set(h) },
  {
    name: 'PATCH /v1/orders/{id}/items/{plu}/status',
    roles: ['staff', 'internal'],
    send: (h) => t.http().patch(`/v1/orders/${ORDER_ID}/items/CAT1-0001/status`).set(h).send({ status: 'READY' }),
  },
  {
    name: 'POST /v1/orders/{id}/items',
    roles: ['channel'],
    send: (h) =>
      t
        .http()
        .post(`/v1/orders/${ORDER_ID}/items`)
        .set(h)
        .send({ items: [{ plu: 'A', name: 'a', quantity: 1 }] }),
  },
  { name: 'GET /v1/refunds', roles: ['internal'], send: (h) => t.http().get('/v1/refunds').set(h) },
];

const ROLES: ApiRole[] = ['channel', 'staff', 'analyst', 'internal', 'admin'];

describe.each(routes)('$name', ({ roles, send }) => {
  it('is a 401 with WWW-Authenticate: Bearer without an Authorization header, and sends nothing', async () => {
    const res = await send({});
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
    expect(t.client.sent).toEqual([]);
  });

  it.each([
    ['an unknown key', 'Bearer not-a-known-key-123'],
    ['a known key in another case', `Bearer ${KEYS.admin.toUpperCase()}`],
    ['another scheme', `Basic ${Buffer.from(`x:${KEYS.admin}`).toString('base64')}`],
    ['the key without a scheme', KEYS.admin],
    ['an empty bearer', 'Bearer '],
  ])('is a 401 with %s, and sends nothing', async (_label, authorization) => {
    const res = await send({ Authorization: authorization });
    const problem = expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
    expect(JSON.stringify(problem)).not.toContain(KEYS.admin);
    expect(t.client.sent).toEqual([]);
  });

  it.each(ROLES)('answers role %s as the contract says', async (role) => {
    const res = await send(bearer(role));
    const allowed = roles === 'any' || role === 'admin' || roles.includes(role);
    if (allowed) {
      expect(res.status).toBeLessThan(300);
      expect(t.client.sent).toHaveLength(1);
    } else {
      const problem = expectProblem(res, 403, 'forbidden');
      expect(problem.detail).toContain(role);
      expect(t.client.sent).toEqual([]);
    }
  });
});

describe('the caller', () => {
  it('is sent as role and actor (a digest prefix of the key), never the key', async () => {
    await t.http().post('/v1/orders').set(bearer('channel')).send(validOrderBody()).expect(201);
    const digest = createHash('sha256').update(KEYS.channel).digest('hex');
    expect(t.client.commands()[0].payload).toMatchObject({ caller: { role: 'channel', actor: `channel:${digest.slice(0, 8)}` } });
    expect(JSON.stringify(t.client.sent)).not.toContain(KEYS.channel);
  });

  it('accepts the scheme in any case', async () => {
    await t.http().get(`/v1/orders/${ORDER_ID}`).set('Authorization', `bearer ${KEYS.staff}`).expect(200);
  });
});

describe('public routes', () => {
  it('serves the docs without a key', async () => {
    await t.http().get('/docs-json').expect(200);
  });
});
