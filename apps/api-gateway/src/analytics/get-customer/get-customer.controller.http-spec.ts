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
beforeEach(() => t.analytics.reset());
const one = {
  customerId: '+358401234',
  orders: 2,
  firstOrderAt: '2026-01-01T00:00:00.000Z',
  lastOrderAt: '2026-01-02T00:00:00.000Z',
  totalAmount: 0,
};
const get = (key: string, role: 'analyst' | 'staff' = 'analyst') =>
  t.http().get(`/v1/analytics/customers/${key}`).set(bearer(role));

describe('GET /v1/analytics/customers/{customerId}', () => {
  it('200 with the customer, key passed as given', async () => {
    t.analytics.on('analytics.customer', one);
    const res = await get(encodeURIComponent('+358401234'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(one);
    expect(t.analytics.sent).toEqual([{ pattern: 'analytics.customer', payload: { customerId: '+358401234' } }]);
  });

  it('404 problem when the customer has no orders', async () => {
    t.analytics.on('analytics.customer', null);
    expectProblem(await get('c-unknown'), 404, 'not-found');
  });

  it('400 for a key over 128 characters, asking nothing', async () => {
    const problem = expectProblem(await get('k'.repeat(129)), 400, 'validation-error');
    expect(fieldsOf(problem)).toEqual(['customerId']);
    expect(t.analytics.sent).toEqual([]);
  });

  it('401 without a key, 403 for other roles', async () => {
    expectProblem(await t.http().get('/v1/analytics/customers/c-1'), 401);
    expectProblem(await get('c-1', 'staff'), 403);
    expect(t.analytics.sent).toEqual([]);
  });
});
