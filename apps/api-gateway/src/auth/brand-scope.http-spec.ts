import {
  createGatewayTestApp,
  expectProblem,
  type GatewayTestApp,
  KEYS,
  ORDER_ID,
  orderView,
  validOrderBody,
} from '#test-support/gateway/gateway-test-app.js';

/** Keys scoped to brands A and B, beside the unscoped test keys. */
const SCOPED = {
  channel: 'scoped-channel-key',
  staff: 'scoped-staff-key',
  analyst: 'scoped-analyst-key',
  admin: 'scoped-admin-key',
};
const as = (key: string) => ({ Authorization: `Bearer ${key}` });
const MINE = ['A', 'B'];

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp({
    env: {
      API_KEYS: [
        ...Object.entries(KEYS).map(([role, key]) => `${role}:${key}`),
        ...Object.entries(SCOPED).map(([role, key]) => `${role}:${key}:A|B`),
      ].join(','),
    },
  });
});
afterAll(() => t.close());
beforeEach(() => {
  t.client.reset();
  t.analytics.reset();
  t.client
    .onCommand('orders.create', {
      answered: true,
      result: { ok: true, value: { order: orderView(), created: true, trackingToken: 'q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe' } },
    })
    .onQuery('orders.get', { ok: true, value: orderView() })
    .onQuery('orders.list', { ok: true, value: { items: [], nextCursor: null } })
    .onQuery('orders.history', { ok: true, value: { order: [], items: {} } })
    .onCommand('orders.change-status', { answered: true, result: { ok: true, value: orderView() } })
    .onCommand('orders.change-item-status', { answered: true, result: { ok: true, value: orderView() } })
    .onCommand('orders.add-items', { answered: true, result: { ok: true, value: orderView() } })
    .onQuery('refunds.list', { ok: true, value: { items: [], nextCursor: null } });
  const summary = { ordersByStatus: {}, completedOrders: 0, averageProcessingSeconds: null } as never;
  t.analytics
    .on('analytics.summary', summary)
    .on('analytics.throughput', { granularity: 'hour', tz: 'UTC', buckets: [] })
    .on('analytics.status-durations', { from: '', to: '', tz: 'UTC', scope: 'order', statuses: [] })
    .on('analytics.customers', { items: [] })
    .on('analytics.customer', null)
    .on('analytics.rebuild', { orders: 0, events: 0, tookMs: 0 });
});

const payloads = () => [...t.client.sent.map((s) => s.payload), ...t.analytics.sent.map((s) => s.payload)];

describe('a brand-scoped key', () => {
  it.each([
    ['GET /v1/orders/{id}', () => t.http().get(`/v1/orders/${ORDER_ID}`).set(as(SCOPED.staff))],
    ['GET /v1/orders/{id}/history', () => t.http().get(`/v1/orders/${ORDER_ID}/history`).set(as(SCOPED.staff))],
    ['GET /v1/orders', () => t.http().get('/v1/orders').set(as(SCOPED.staff))],
    [
      'PATCH /v1/orders/{id}/status',
      () => t.http().patch(`/v1/orders/${ORDER_ID}/status`).set(as(SCOPED.staff)).send({ status: 'ACCEPTED' }),
    ],
    [
      'PATCH …/items/{plu}/status',
      () => t.http().patch(`/v1/orders/${ORDER_ID}/items/P1/status`).set(as(SCOPED.staff)).send({ status: 'READY' }),
    ],
    [
      'POST /v1/orders/{id}/items',
      () =>
        t
          .http()
          .post(`/v1/orders/${ORDER_ID}/items`)
          .set(as(SCOPED.channel))
          .send({ items: [{ plu: 'P', name: 'p', quantity: 1 }] }),
    ],
    ['GET /v1/refunds', () => t.http().get('/v1/refunds').set(as(SCOPED.admin))],
    [
      'PATCH /v1/refunds/{id}',
      () => t.http().patch(`/v1/refunds/${ORDER_ID}`).set(as(SCOPED.admin)).send({ status: 'PROCESSED' }),
    ],
    ['GET /v1/analytics/summary', () => t.http().get('/v1/analytics/summary?brandId=A').set(as(SCOPED.analyst))],
    [
      'GET /v1/analytics/throughput',
      () => t.http().get('/v1/analytics/throughput?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z').set(as(SCOPED.analyst)),
    ],
    [
      'GET /v1/analytics/status-durations',
      () =>
        t.http().get('/v1/analytics/status-durations?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z').set(as(SCOPED.analyst)),
    ],
    ['GET /v1/analytics/customers', () => t.http().get('/v1/analytics/customers').set(as(SCOPED.analyst))],
    ['GET /v1/analytics/customers/{id}', () => t.http().get('/v1/analytics/customers/c-42').set(as(SCOPED.analyst))],
  ])('sends its brands with %s', async (_route, send) => {
    t.client.onCommand('refunds.update', {
      answered: true,
      result: { ok: false, error: { code: 'not_found', detail: 'No refund.' } },
    });
    const res = await send();
    expect([200, 404]).toContain(res.status);
    expect(payloads()).toEqual([expect.objectContaining({ brandIds: MINE })]);
  });

  it('creates orders only for its brands: another brand is a 403 and nothing is sent', async () => {
    await t
      .http()
      .post('/v1/orders')
      .set(as(SCOPED.channel))
      .send({ ...validOrderBody(), brandId: 'A' })
      .expect(201);
    const problem = expectProblem(
      await t.http().post('/v1/orders').set(as(SCOPED.channel)).send(validOrderBody()),
      403,
      'forbidden',
    );
    expect(problem.detail).toContain('brandId');
    expect(t.client.commands()).toHaveLength(1);
  });

  it.each([
    ['/v1/orders?brandId=C'],
    ['/v1/analytics/summary?brandId=C'],
    ['/v1/analytics/throughput?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z&brandId=C'],
    ['/v1/analytics/status-durations?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&brandId=C'],
  ])('is a 403 filtering %s by another brand, asking nothing', async (url) => {
    const key = url.includes('analytics') ? SCOPED.analyst : SCOPED.staff;
    expectProblem(await t.http().get(url).set(as(key)), 403, 'forbidden');
    expect(payloads()).toEqual([]);
  });

  it('sends its brands together with a brandId filter within them', async () => {
    await t.http().get('/v1/analytics/summary?brandId=B').set(as(SCOPED.analyst)).expect(200);
    await t.http().get('/v1/orders?brandId=A').set(as(SCOPED.staff)).expect(200);
    expect(payloads()).toEqual([expect.objectContaining({ brandId: 'A', brandIds: MINE }), { brandId: 'B', brandIds: MINE }]);
  });

  it('may not rebuild analytics, which acts on every brand, even as admin', async () => {
    expectProblem(await t.http().post('/v1/analytics/rebuild').set(as(SCOPED.admin)), 403, 'forbidden');
    await t.http().post('/v1/analytics/rebuild').set(as(KEYS.admin)).expect(200);
    expect(t.analytics.sent).toEqual([{ pattern: 'analytics.rebuild', payload: {} }]);
  });

  it('leaves unscoped keys unconfined: no brandIds in what is sent', async () => {
    await t.http().get('/v1/analytics/summary?brandId=C').set(as(KEYS.analyst)).expect(200);
    await t.http().get(`/v1/orders/${ORDER_ID}`).set(as(KEYS.staff)).expect(200);
    for (const payload of payloads()) expect(payload).not.toHaveProperty('brandIds');
  });
});
