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
const item = {
  customerId: 'c-1',
  orders: 3,
  firstOrderAt: '2026-01-01T00:00:00.000Z',
  lastOrderAt: '2026-02-01T00:00:00.000Z',
  totalAmount: 12.5,
};
beforeEach(() => {
  t.analytics.reset();
  t.analytics.on('analytics.customers', { items: [item] });
});

const get = (query = '', role: 'analyst' | 'internal' = 'analyst') =>
  t.http().get(`/v1/analytics/customers${query}`).set(bearer(role));

describe('GET /v1/analytics/customers', () => {
  it('limit 100 by default', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [item] });
    expect(t.analytics.sent).toEqual([{ pattern: 'analytics.customers', payload: { limit: 100 } }]);
  });

  it('takes limit 1 and 1000', async () => {
    await get('?limit=1').expect(200);
    await get('?limit=1000').expect(200);
    expect(t.analytics.sent.map((s) => s.payload)).toEqual([{ limit: 1 }, { limit: 1000 }]);
  });

  it.each<[string, string, string]>([
    ['limit 0', '?limit=0', 'limit'],
    ['limit 1001', '?limit=1001', 'limit'],
    ['a fractional limit', '?limit=2.5', 'limit'],
    ['a word as limit', '?limit=ten', 'limit'],
    ['an unknown parameter', '?sort=asc', 'sort'],
  ])('400 for %s, asking nothing', async (_, query, field) => {
    const problem = expectProblem(await get(query), 400, 'validation-error');
    expect(fieldsOf(problem)).toContain(field);
    expect(t.analytics.sent).toEqual([]);
  });

  it('401 without a key, 403 for other roles', async () => {
    expectProblem(await t.http().get('/v1/analytics/customers'), 401);
    expectProblem(await get('', 'internal'), 403);
    expect(t.analytics.sent).toEqual([]);
  });
});
