import { ServiceUnavailableException } from '@nestjs/common';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  ORDER_ID,
  orderView,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.client.reset());

describe('GET /v1/orders/{id}', () => {
  it('200 with the order and ETag: "<version>"', async () => {
    t.client.onQuery('orders.get', { ok: true, value: orderView({ version: 3 }) });
    const res = await t.http().get(`/v1/orders/${ORDER_ID}`).set(bearer('channel'));
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body).toEqual(orderView({ version: 3 }));
    expect(t.client.sent).toEqual([{ kind: 'query', pattern: 'orders.get', payload: { orderId: ORDER_ID } }]);
  });

  it('304 for If-None-Match with the current ETag', async () => {
    t.client.onQuery('orders.get', { ok: true, value: orderView({ version: 3 }) });
    const res = await t.http().get(`/v1/orders/${ORDER_ID}`).set(bearer('analyst')).set('If-None-Match', '"3"');
    expect(res.status).toBe(304);
  });

  it('404 for an unknown order', async () => {
    t.client.onQuery('orders.get', { ok: false, error: { code: 'not_found', detail: `No order ${ORDER_ID}.` } });
    const problem = expectProblem(await t.http().get(`/v1/orders/${ORDER_ID}`).set(bearer('staff')), 404, 'not-found');
    expect(problem.detail).toBe(`No order ${ORDER_ID}.`);
  });

  it('503 when the orders service does not answer', async () => {
    t.client.onQuery('orders.get', new ServiceUnavailableException('The orders service did not answer in time.'));
    expectProblem(await t.http().get(`/v1/orders/${ORDER_ID}`).set(bearer('staff')), 503, 'service-unavailable');
  });

  it.each(['123', 'not-a-uuid', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', "1' OR '1'='1"])(
    '400 naming id for %s, and asks nothing',
    async (id) => {
      const problem = expectProblem(
        await t
          .http()
          .get(`/v1/orders/${encodeURIComponent(id)}`)
          .set(bearer('staff')),
        400,
        'validation-error',
      );
      expect(fieldsOf(problem)).toEqual(['id']);
      expect(t.client.sent).toEqual([]);
    },
  );
});
