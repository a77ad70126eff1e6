import { bearer, createGatewayTestApp, expectProblem, type GatewayTestApp } from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.analytics.reset();
  t.analytics.on('analytics.rebuild', { orders: 3, events: 12, tookMs: 5 });
});

describe('POST /v1/analytics/rebuild', () => {
  it('admin: 200 once done', async () => {
    const res = await t.http().post('/v1/analytics/rebuild').set(bearer('admin'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ orders: 3, events: 12, tookMs: 5 });
  });

  it('401 without a key; 403 for every other role, analyst included', async () => {
    expectProblem(await t.http().post('/v1/analytics/rebuild'), 401);
    for (const role of ['analyst', 'internal', 'staff', 'channel'] as const) {
      expectProblem(await t.http().post('/v1/analytics/rebuild').set(bearer(role)), 403);
    }
    expect(t.analytics.sent).toEqual([]);
  });

  it('503 when the analytics service does not answer', async () => {
    const { ServiceUnavailableException } = await import('@nestjs/common');
    t.analytics.on(
      'analytics.rebuild',
      new ServiceUnavailableException('The analytics service did not answer in time; try again shortly.'),
    );
    expectProblem(await t.http().post('/v1/analytics/rebuild').set(bearer('admin')), 503);
  });
});
