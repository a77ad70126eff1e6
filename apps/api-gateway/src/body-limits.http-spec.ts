import { OrderCommands, orderIdFor } from '#contracts';
import { ORDER_BODY_LIMIT, OTHER_BODY_LIMIT } from './body-limits.js';
import { asciiJson, largestOrder } from './largest-order.js';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  type GatewayTestApp,
  ORDER_ID,
  orderView,
} from '../../../test/support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.client.reset());

describe('request body limits', () => {
  const order = largestOrder();
  const raw = asciiJson(order);
  const post = (path: string, json: string) =>
    t.http().post(path).set(bearer('channel')).set('Content-Type', 'application/json').send(json);

  it('take the largest order the contract allows, with room to spare but not to waste', async () => {
    const id = orderIdFor(order.brandId, order.channelOrderId);
    t.client.onCommand(OrderCommands.create, {
      answered: true,
      result: { ok: true, value: { order: orderView({ id }), created: true, trackingToken: 'q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe' } },
    });
    expect((await post('/v1/orders', raw)).status).toBe(201);
    expect(Buffer.byteLength(raw)).toBeLessThan(ORDER_BODY_LIMIT);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(ORDER_BODY_LIMIT / 2);
  });

  it('take as many largest lines on adding items, and refuse a byte more than the limit on both routes', async () => {
    t.client.onCommand(OrderCommands.addItems, { answered: true, result: { ok: true, value: orderView() } });
    const items = asciiJson({ items: order.items });
    expect((await post(`/v1/orders/${ORDER_ID}/items`, items)).status).toBe(200);
    const over = (json: string) => json.replace(/}$/, `${' '.repeat(ORDER_BODY_LIMIT - Buffer.byteLength(json) + 1)}}`);
    expectProblem(await post('/v1/orders', over(raw)), 413, 'payload-too-large');
    expectProblem(await post(`/v1/orders/${ORDER_ID}/items`, over(items)), 413, 'payload-too-large');
    expect(t.client.commands()).toHaveLength(1);
  });

  it('hold every other route to a few kilobytes, which its largest body fits', async () => {
    const change = asciiJson({ status: 'CANCELLED', reason: 'é'.repeat(500), at: '2026-01-01T12:00:00.000Z' });
    t.client.onCommand(OrderCommands.changeStatus, { answered: true, result: { ok: true, value: orderView() } });
    const patch = (json: string) =>
      t.http().patch(`/v1/orders/${ORDER_ID}/status`).set(bearer('admin')).set('Content-Type', 'application/json').send(json);
    expect((await patch(change)).status).toBe(200);
    expectProblem(await patch(change.padEnd(OTHER_BODY_LIMIT + 1)), 413, 'payload-too-large');
  });
});
