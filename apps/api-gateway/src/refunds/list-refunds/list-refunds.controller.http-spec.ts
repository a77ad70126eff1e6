import type { ApiRole } from '#config';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  ORDER_ID,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.client.reset();
  t.client.onQuery('refunds.list', { ok: true, value: { items: [], nextCursor: null } });
});

const get = () => t.http().get('/v1/refunds');

describe('GET /v1/refunds', () => {
  it('passes the filters with a default limit of 50', async () => {
    await get().set(bearer('internal')).expect(200, { items: [], nextCursor: null });
    await get()
      .query({ status: 'PENDING', orderId: ORDER_ID.toUpperCase(), limit: 5, cursor: 'abc' })
      .set(bearer('internal'))
      .expect(200);
    expect(t.client.sent.map((s) => s.payload)).toEqual([
      { limit: 50 },
      { status: 'PENDING', orderId: ORDER_ID, limit: 5, cursor: 'abc' },
    ]);
  });

  it('400 for a cursor the service does not recognise', async () => {
    t.client.onQuery('refunds.list', { ok: false, error: { code: 'invalid_cursor', detail: 'bad cursor' } });
    expect(fieldsOf(expectProblem(await get().query({ cursor: 'zz' }).set(bearer('internal')), 400, 'validation-error'))).toEqual(
      ['cursor'],
    );
  });

  it.each<[string, Record<string, string>, string]>([
    ['an unknown status', { status: 'DONE' }, 'status'],
    ['a limit of 0', { limit: '0' }, 'limit'],
    ['a limit of 501', { limit: '501' }, 'limit'],
    ['a limit that is not a number', { limit: 'ten' }, 'limit'],
    ['an orderId that is not a UUID', { orderId: 'x' }, 'orderId'],
    ['an unknown parameter', { brandId: 'b' }, 'brandId'],
  ])('400 for %s, sending nothing', async (_label, query, field) => {
    const problem = expectProblem(await get().query(query).set(bearer('internal')), 400, 'validation-error');
    expect(fieldsOf(problem)).toContain(field);
    expect(t.client.sent).toEqual([]);
  });

  it('401 without a key', async () => {
    expectProblem(await get(), 401, 'unauthorized');
  });

  it.each<[ApiRole, boolean]>([
    ['channel', false],
    ['staff', false],
    ['analyst', false],
    ['internal', true],
    ['admin', true],
  ])('role %s allowed: %s', async (role, allowed) => {
    const res = await get().set(bearer(role));
    if (allowed) expect(res.status).toBe(200);
    else expectProblem(res, 403, 'forbidden');
    expect(t.client.sent).toHaveLength(allowed ? 1 : 0);
  });
});
