import type { OrderHistoryView } from '#contracts';
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
beforeEach(() => t.client.reset());

const history: OrderHistoryView = {
  order: [
    { status: 'PLACED', at: '2026-11-22T10:00:00.000Z' },
    { status: 'ACCEPTED', at: '2026-11-22T10:01:00.000Z', actor: 'staff:1a2b3c4d' },
  ],
  items: { 'CAT1-0001': [{ status: 'QUEUED', at: '2026-11-22T10:00:00.000Z' }] },
};

describe('GET /v1/orders/{id}/history', () => {
  it('200 with the history, for any role', async () => {
    t.client.onQuery('orders.history', { ok: true, value: history });
    for (const role of ['channel', 'staff', 'analyst', 'internal', 'admin'] as const) {
      const res = await t.http().get(`/v1/orders/${ORDER_ID}/history`).set(bearer(role));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(history);
    }
    expect(t.client.sent[0]).toEqual({ kind: 'query', pattern: 'orders.history', payload: { orderId: ORDER_ID } });
  });

  it('404 for an unknown order', async () => {
    t.client.onQuery('orders.history', { ok: false, error: { code: 'not_found', detail: 'No such order.' } });
    expectProblem(await t.http().get(`/v1/orders/${ORDER_ID}/history`).set(bearer('staff')), 404, 'not-found');
  });

  it('400 naming id for a non-UUID id, and asks nothing', async () => {
    const problem = expectProblem(await t.http().get('/v1/orders/42/history').set(bearer('staff')), 400, 'validation-error');
    expect(fieldsOf(problem)).toEqual(['id']);
    expect(t.client.sent).toEqual([]);
  });
});
