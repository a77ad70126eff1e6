import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
const view = {
  ordersByStatus: { PLACED: 1, ACCEPTED: 0, PREPARING: 0, READY: 0, PICKED_UP: 2, REJECTED: 0, CANCELLED: 0 },
  completedOrders: 2,
  averageProcessingSeconds: 600,
};
beforeEach(() => {
  t.analytics.reset();
  t.analytics.on('analytics.summary', view);
});
const get = (query = '', role: 'analyst' | 'admin' | 'channel' = 'analyst') =>
  t.http().get(`/v1/analytics/summary${query}`).set(bearer(role));

describe('GET /v1/analytics/summary', () => {
  it('200 for all brands, or one', async () => {
    expect((await get()).body).toEqual(view);
    await get('?brandId=b1', 'admin').expect(200);
    expect(t.analytics.sent.map((s) => s.payload)).toEqual([{}, { brandId: 'b1' }]);
  });

  it.each<[string, string, string]>([
    ['an unknown parameter', '?from=2026-01-01', 'from'],
    ['a brandId over 128 characters', `?brandId=${'b'.repeat(129)}`, 'brandId'],
    ['two brandIds', '?brandId=a&brandId=b', 'brandId'],
    ['an empty brandId', '?brandId=', 'brandId'],
  ])('400 for %s, asking nothing', async (_, query, field) => {
    const problem = expectProblem(await get(query), 400, 'validation-error');
    expect(fieldsOf(problem)).toContain(field);
    expect(t.analytics.sent).toEqual([]);
  });

  it('401 without a key, 403 for other roles', async () => {
    expectProblem(await t.http().get('/v1/analytics/summary'), 401);
    expectProblem(await get('', 'channel'), 403);
    expect(t.analytics.sent).toEqual([]);
  });
});
