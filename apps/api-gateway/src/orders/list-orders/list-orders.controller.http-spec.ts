import type { ListOrdersQuery } from '#contracts';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  orderView,
  testConfig,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.client.reset();
  t.client.onQuery('orders.list', { ok: true, value: { items: [orderView()], nextCursor: 'abc' } });
});

const list = (query = '') => t.http().get(`/v1/orders${query}`).set(bearer('staff'));
const sentQuery = () => t.client.sent[0].payload as ListOrdersQuery;

describe('GET /v1/orders: answers', () => {
  it('200 with the page; limit 50 by default', async () => {
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [orderView()], nextCursor: 'abc' });
    expect(res.headers['order-accept-timeout-ms']).toBe(String(testConfig().orderAcceptTimeoutMs));
    expect(t.client.sent).toEqual([{ kind: 'query', pattern: 'orders.list', payload: { limit: 50 } }]);
  });

  it('sends every filter, statuses repeatable, times in UTC with ms', async () => {
    await list(
      '?status=PLACED&status=ACCEPTED&brandId=b1&customerId=c-42&createdFrom=2026-11-01T00:00:00%2B02:00&createdTo=2026-11-02&limit=500&cursor=opaque',
    ).expect(200);
    expect(sentQuery()).toEqual({
      status: ['PLACED', 'ACCEPTED'],
      brandId: 'b1',
      customerId: 'c-42',
      createdFrom: '2026-10-31T22:00:00.000Z',
      createdTo: '2026-11-02T00:00:00.000Z',
      limit: 500,
      cursor: 'opaque',
    });
  });

  it('takes a single status as a list', async () => {
    await list('?status=READY&limit=1').expect(200);
    expect(sentQuery()).toEqual({ status: ['READY'], limit: 1 });
  });

  it('400 naming cursor when the service finds the cursor bad', async () => {
    t.client.onQuery('orders.list', { ok: false, error: { code: 'invalid_cursor', detail: 'The cursor is not one of ours.' } });
    const problem = expectProblem(await list('?cursor=forged'), 400, 'validation-error');
    expect(fieldsOf(problem)).toEqual(['cursor']);
  });
});

describe('GET /v1/orders: bad input asks nothing', () => {
  it.each<[string, string, string]>([
    ['limit 0', '?limit=0', 'limit'],
    ['limit 501', '?limit=501', 'limit'],
    ['a negative limit', '?limit=-5', 'limit'],
    ['a fractional limit', '?limit=1.5', 'limit'],
    ['a word as limit', '?limit=ten', 'limit'],
    ['an empty limit', '?limit=', 'limit'],
    ['two limits', '?limit=1&limit=2', 'limit'],
    ['an unknown status', '?status=SHIPPED', 'status'],
    ['a lower-case status', '?status=placed', 'status'],
    ['one bad status among good ones', '?status=PLACED&status=NOPE', 'status'],
    ['createdFrom that is not a time', '?createdFrom=yesterday', 'createdFrom'],
    ['createdTo that is not a time', '?createdTo=2026-13-01', 'createdTo'],
    ['createdFrom in a form JavaScript cannot read', '?createdFrom=2026-W01-1', 'createdFrom'],
    ['createdFrom after createdTo', '?createdFrom=2026-11-02T00:00:00Z&createdTo=2026-11-01T00:00:00Z', 'createdTo'],
    ['createdFrom equal to createdTo', '?createdFrom=2026-11-01T00:00:00Z&createdTo=2026-11-01T00:00:00.000Z', 'createdTo'],
    ['an empty cursor', '?cursor=', 'cursor'],
    ['a cursor over 512 characters', `?cursor=${'c'.repeat(513)}`, 'cursor'],
    ['an unknown parameter', '?sort=asc', 'sort'],
  ])('400 for %s', async (_label, query, field) => {
    const problem = expectProblem(await list(query), 400, 'validation-error');
    expect(fieldsOf(problem)).toContain(field);
    expect(t.client.sent).toEqual([]);
  });

  it('403 for a channel key', async () => {
    expectProblem(await t.http().get('/v1/orders').set(bearer('channel')), 403, 'forbidden');
    expect(t.client.sent).toEqual([]);
  });
});
