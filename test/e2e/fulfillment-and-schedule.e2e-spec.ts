import request from 'supertest';
import type { OrderView } from '#contracts';
import { EventTap } from '../support/event-tap.js';
import { startStack, type Stack } from '../support/stack.js';

const BRAND = 'brand-schedule-e2e';

const order = (extra: Record<string, unknown> = {}) => ({
  channelOrderId: `SCH-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
  brandId: BRAND,
  customer: { name: 'Ann' },
  items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 7.5 }],
  ...extra,
});

describe('fulfillment, scheduled orders and promised times over HTTP and AMQP', () => {
  let stack: Stack;
  let tap: EventTap;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const place = (body: object) => api().post('/v1/orders').set(auth('channel')).send(body);

  beforeAll(async () => {
    stack = await startStack();
    tap = await EventTap.open(stack.amqpUrl);
  });
  afterAll(async () => {
    await tap?.close();
    await stack?.stop();
  });

  describe('fulfillment', () => {
    it.each([
      [{ mode: 'DINE_IN', table: '12' }, {}],
      [{ mode: 'CURBSIDE', vehicle: 'red Volvo ABC-123' }, {}],
      [{ mode: 'DELIVERY' }, { deliveryAddress: { city: 'Oulu' } }],
    ])('creates %o, shows it on GET and in order.created', async (fulfillment, extra) => {
      const created = await place(order({ fulfillment, ...extra }));
      expect(created.status).toBe(201);
      const view = created.body as OrderView;
      expect(view.fulfillment).toEqual(fulfillment);
      const got = await api().get(`/v1/orders/${view.id}`).set(auth('staff'));
      expect(got.body.fulfillment).toEqual(fulfillment);
      const [event] = await tap.waitFor(view.id, 1);
      expect(event!.event).toMatchObject({ type: 'order.created', data: { fulfillment } });
    });

    it('defaults to PICKUP without an address and to DELIVERY with one', async () => {
      expect((await place(order())).body.fulfillment).toEqual({ mode: 'PICKUP' });
      expect((await place(order({ deliveryAddress: { city: 'Oulu' } }))).body.fulfillment).toEqual({ mode: 'DELIVERY' });
    });

    it('refuses a table with PICKUP and an address with DINE_IN, naming the field, and creates nothing', async () => {
      const body = order({ fulfillment: { mode: 'PICKUP', table: '4' } });
      const tableRes = await place(body);
      expect(tableRes.status).toBe(400);
      expect(tableRes.body.errors).toEqual([{ field: 'fulfillment.table', message: expect.stringContaining('DINE_IN') }]);
      const addressRes = await place(order({ fulfillment: { mode: 'DINE_IN', table: '4' }, deliveryAddress: { city: 'Oulu' } }));
      expect(addressRes.status).toBe(400);
      expect(addressRes.body.errors).toEqual([{ field: 'deliveryAddress', message: expect.stringContaining('DELIVERY') }]);
      const list = await api().get(`/v1/orders?brandId=${BRAND}&limit=500`).set(auth('staff'));
      expect(list.body.items.map((o: OrderView) => o.channelOrderId)).not.toContain(body.channelOrderId);
    });
  });
});
