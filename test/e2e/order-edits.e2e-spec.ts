import request from 'supertest';
import type { OrderView } from '#contracts';
import { EventTap } from '#test-support/event-tap.js';
import { startStack, type Stack } from '#test-support/stack.js';

const uniq = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** 2 × 12.5 + 3 × 0.1 = 25.3, paid 20 then 5.3 (the latest). */
const order = (extra: Record<string, unknown> = {}) => ({
  channelOrderId: uniq('EDIT'),
  brandId: 'brand-edits',
  customer: { id: uniq('cust'), name: 'Ada' },
  deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1' },
  items: [
    { plu: 'P-1', name: 'Burger', quantity: 2, unitPrice: 12.5 },
    { plu: 'P-2', name: 'Fries', quantity: 3, unitPrice: 0.1 },
  ],
  payments: [
    { reference: uniq('pay1'), amount: 20 },
    { reference: uniq('pay2'), amount: 5.3 },
  ],
  ...extra,
});

/** CONTRACT section 8 over HTTP and AMQP: each change, its event, and the refunds it causes. */
describe('changing an order after it is placed', () => {
  let stack: Stack;
  let tap: EventTap;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const place = async (extra: Record<string, unknown> = {}) =>
    (await api().post('/v1/orders').set(auth('channel')).send(order(extra)).expect(201)).body as OrderView;
  const refunds = async (orderId: string) =>
    (await api().get('/v1/refunds').query({ orderId }).set(auth('internal')).expect(200)).body.items as {
      paymentReference: string;
      amount: number;
      reason: string;
      status: string;
    }[];

  beforeAll(async () => {
    stack = await startStack();
    tap = await EventTap.open(stack.amqpUrl);
  });
  afterAll(async () => {
    await tap?.close();
    await stack?.stop();
  });

  it('edits the details with If-Match: 200 with the order and its ETag, order.updated with the changed fields', async () => {
    const placed = await place();
    const res = await api()
      .patch(`/v1/orders/${placed.id}`)
      .set(auth('channel'))
      .set('If-Match', '"1"')
      .send({ customer: { phoneNumber: '+358 40 765 4321' }, deliveryAddress: { city: 'Espoo', street: 'Tie 2' } })
      .expect(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({
      version: 2,
      customer: { id: placed.customer.id, name: 'Ada', phoneNumber: '+358 40 765 4321' },
      deliveryAddress: { city: 'Espoo', street: 'Tie 2' },
    });
    const [, updated] = await tap.waitFor(placed.id, 2);
    expect(updated!.event).toMatchObject({
      type: 'order.updated',
      sequence: 2,
      data: {
        orderId: placed.id,
        brandId: 'brand-edits',
        customerId: placed.customer.id,
        changes: { customer: res.body.customer, deliveryAddress: res.body.deliveryAddress },
        at: updated!.event.time,
      },
    });
    await api()
      .patch(`/v1/orders/${placed.id}`)
      .set(auth('staff'))
      .set('If-Match', '1')
      .send({ customer: { name: 'X' } })
      .expect(412);
  });

  it('lowers a quantity and removes a line, refunding latest payment first, events carrying the new total', async () => {
    const placed = await place();
    const [pay1, pay2] = placed.payments.map((p) => p.reference);
    const halved = await api().patch(`/v1/orders/${placed.id}/items/P-1`).set(auth('channel')).send({ quantity: 1 }).expect(200);
    expect(halved.body).toMatchObject({ totalAmount: 12.8, paidAmount: 25.3, refundedAmount: 12.5, version: 2 });
    const removed = await api().patch(`/v1/orders/${placed.id}/items/P-2`).set(auth('staff')).send({ quantity: 0 }).expect(200);
    expect(removed.body).toMatchObject({ totalAmount: 12.5, refundedAmount: 12.8 });
    expect(removed.body.items[1]).toEqual({ plu: 'P-2', name: 'Fries', quantity: 3, unitPrice: 0.1, status: 'CANCELLED' });

    const events = await tap.waitFor(placed.id, 7);
    expect(events.map((e) => [e.event.sequence, e.event.type])).toEqual([
      [1, 'order.created'],
      [2, 'order.item_quantity_changed'],
      [3, 'refund.requested'],
      [4, 'refund.requested'],
      [5, 'order.item_quantity_changed'],
      [6, 'order.item_status_changed'],
      [7, 'refund.requested'],
    ]);
    expect(events[1]!.event.data).toEqual({
      orderId: placed.id,
      plu: 'P-1',
      from: 2,
      to: 1,
      at: events[1]!.event.time,
      totalAmount: 12.8,
    });
    expect(events[4]!.event.data).toMatchObject({ plu: 'P-2', from: 3, to: 0, totalAmount: 12.5 });
    expect(events[5]!.event.data).toMatchObject({ from: 'QUEUED', to: 'CANCELLED', reason: 'removed', totalAmount: 12.5 });
    expect(events[2]!.event.data).toMatchObject({ paymentReference: pay2, amount: 5.3, reason: 'order_changed' });
    expect((await refunds(placed.id)).map((r) => [r.paymentReference, r.amount, r.reason, r.status])).toEqual([
      [pay2, 5.3, 'order_changed', 'PENDING'],
      [pay1, 7.2, 'order_changed', 'PENDING'],
      [pay1, 0.3, 'order_changed', 'PENDING'],
    ]);
    const history = await api().get(`/v1/orders/${placed.id}/history`).set(auth('staff')).expect(200);
    expect(history.body.items['P-2'].at(-1)).toMatchObject({ status: 'CANCELLED', reason: 'removed' });

    // Cancelled now, the order refunds what is left, net of the partial refunds: 12.5 of the first payment.
    await api().patch(`/v1/orders/${placed.id}/status`).set(auth('staff')).send({ status: 'CANCELLED' }).expect(200);
    expect((await refunds(placed.id)).slice(3).map((r) => [r.paymentReference, r.amount, r.reason])).toEqual([
      [pay1, 12.5, 'order_cancelled'],
    ]);
  });

  it('counts an item cancelled on its own as removed', async () => {
    const placed = await place();
    const res = await api()
      .patch(`/v1/orders/${placed.id}/items/P-1/status`)
      .set(auth('staff'))
      .send({ status: 'CANCELLED' })
      .expect(200);
    expect(res.body).toMatchObject({ totalAmount: 0.3, refundedAmount: 25 });
    const events = await tap.waitFor(placed.id, 4);
    expect(events[1]!.event).toMatchObject({ type: 'order.item_status_changed', data: { reason: 'removed', totalAmount: 0.3 } });
  });

  it('refuses a channel once ACCEPTED and a PREPARING item with 409, an unknown plu with 404; staff still change a QUEUED one', async () => {
    const placed = await place();
    await api().patch(`/v1/orders/${placed.id}/status`).set(auth('staff')).send({ status: 'ACCEPTED' }).expect(200);
    const channel = await api().patch(`/v1/orders/${placed.id}/items/P-1`).set(auth('channel')).send({ quantity: 1 }).expect(409);
    expect(channel.body).toMatchObject({
      type: expect.stringMatching(/order-not-open$/),
      detail: expect.stringMatching(/ACCEPTED/),
    });
    await api().patch(`/v1/orders/${placed.id}/items/P-1/status`).set(auth('staff')).send({ status: 'PREPARING' }).expect(200);
    const preparing = await api().patch(`/v1/orders/${placed.id}/items/P-1`).set(auth('staff')).send({ quantity: 0 }).expect(409);
    expect(preparing.body).toMatchObject({ type: expect.stringMatching(/item-not-open$/), plu: 'P-1', itemStatus: 'PREPARING' });
    await api().patch(`/v1/orders/${placed.id}/items/NOPE`).set(auth('staff')).send({ quantity: 1 }).expect(404);
    const pickup = await api()
      .patch(`/v1/orders/${placed.id}`)
      .set(auth('staff'))
      .send({ pickupTime: new Date(Date.now() + 60 * 60_000).toISOString() });
    expect(pickup.status).toBe(200);
    await api().patch(`/v1/orders/${placed.id}/status`).set(auth('staff')).send({ status: 'PREPARING' }).expect(200);
    await api()
      .patch(`/v1/orders/${placed.id}`)
      .set(auth('staff'))
      .send({ fulfillment: { mode: 'DELIVERY' } })
      .expect(409);
    const fries = await api().patch(`/v1/orders/${placed.id}/items/P-2`).set(auth('staff')).send({ quantity: 1 }).expect(200);
    expect(fries.body).toMatchObject({ totalAmount: 25.1, refundedAmount: 0.2 });
  });

  it('grants a goodwill refund of one payment with 201, refusing beyond what is left and an order without payments', async () => {
    const placed = await place();
    const [pay1, pay2] = placed.payments.map((p) => p.reference);
    const first = await api()
      .post(`/v1/orders/${placed.id}/refunds`)
      .set(auth('internal'))
      .send({ amount: 5, reason: 'cold fries' })
      .expect(201);
    expect(first.body).toMatchObject({
      orderId: placed.id,
      paymentReference: pay2,
      amount: 5,
      status: 'PENDING',
      reason: 'cold fries',
    });
    const named = await api()
      .post(`/v1/orders/${placed.id}/refunds`)
      .set(auth('admin'))
      .send({ amount: 20, reason: 'wrong order', paymentReference: pay1 })
      .expect(201);
    expect(named.body).toMatchObject({ paymentReference: pay1, amount: 20 });
    const beyond = await api()
      .post(`/v1/orders/${placed.id}/refunds`)
      .set(auth('internal'))
      .send({ amount: 0.5, reason: 'x' })
      .expect(409);
    expect(beyond.body).toMatchObject({ errors: [{ field: 'amount' }] });
    const events = await tap.waitFor(placed.id, 3);
    expect(events[1]!.event.data).toEqual({
      refundId: first.body.id,
      orderId: placed.id,
      paymentReference: pay2,
      amount: 5,
      reason: 'cold fries',
    });
    const view = await api().get(`/v1/orders/${placed.id}`).set(auth('staff')).expect(200);
    expect(view.body).toMatchObject({ paidAmount: 25.3, refundedAmount: 25, totalAmount: 25.3 });

    const unpaid = await place({ payments: [] });
    await api().post(`/v1/orders/${unpaid.id}/refunds`).set(auth('internal')).send({ amount: 1, reason: 'x' }).expect(409);
  });
});
