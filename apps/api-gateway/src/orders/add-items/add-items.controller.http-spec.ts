import type { ApiRole } from '#config';
import type { AddItemsCommand } from '#contracts';
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
beforeEach(() => {
  t.client.reset();
  t.client.onCommand('orders.add-items', { answered: true, result: { ok: true, value: orderView({ version: 2 }) } });
});

const item = { plu: 'COLA', name: 'Cola', quantity: 2, unitPrice: 3 };
const post = (id = ORDER_ID) => t.http().post(`/v1/orders/${id}/items`);

describe('POST /v1/orders/{id}/items', () => {
  it('200 with the updated order and ETag', async () => {
    const res = await post()
      .set(bearer('channel'))
      .send({ items: [item] });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"2"');
    expect(t.client.commands()[0]!.payload as AddItemsCommand).toMatchObject({ orderId: ORDER_ID, items: [item] });
  });

  it.each([
    [{ code: 'order_not_open', detail: 'Order is ACCEPTED.', status: 'ACCEPTED' }, 'order-not-open'],
    [{ code: 'item_mismatch', detail: 'Cola costs 3.', plu: 'COLA' }, 'item-mismatch'],
  ] as const)('409 for %j', async (error, slug) => {
    t.client.onCommand('orders.add-items', { answered: true, result: { ok: false, error } });
    expectProblem(
      await post()
        .set(bearer('channel'))
        .send({ items: [item] }),
      409,
      slug,
    );
  });

  it.each<[string, unknown, string]>([
    ['no items', { items: [] }, 'items'],
    ['no body field', {}, 'items'],
    ['a repeated plu', { items: [item, item] }, 'items'],
    ['a zero quantity', { items: [{ ...item, quantity: 0 }] }, 'items.0.quantity'],
    ['a bad plu', { items: [{ ...item, plu: '-x' }] }, 'items.0.plu'],
    ['a missing name', { items: [{ plu: 'A', quantity: 1 }] }, 'items.0.name'],
    ['an unknown field', { items: [item], note: 'x' }, 'note'],
  ])('400 for %s, sending nothing', async (_label, input, field) => {
    const problem = expectProblem(
      await post()
        .set(bearer('admin'))
        .send(input as object),
      400,
      'validation-error',
    );
    expect(fieldsOf(problem)).toContain(field);
    expect(t.client.sent).toEqual([]);
  });

  it('400 for a bad id', async () => {
    expectProblem(
      await post('x')
        .set(bearer('channel'))
        .send({ items: [item] }),
      400,
      'validation-error',
    );
    expect(t.client.sent).toEqual([]);
  });

  it('401 without a key', async () => {
    expectProblem(await post().send({ items: [item] }), 401, 'unauthorized');
    expect(t.client.sent).toEqual([]);
  });

  it.each<[ApiRole, boolean]>([
    ['staff', false],
    ['analyst', false],
    ['internal', false],
    ['channel', true],
    ['admin', true],
  ])('role %s allowed: %s', async (role, allowed) => {
    const res = await post()
      .set(bearer(role))
      .send({ items: [item] });
    if (allowed) expect(res.status).toBe(200);
    else expectProblem(res, 403, 'forbidden');
    expect(t.client.sent).toHaveLength(allowed ? 1 : 0);
  });
});
