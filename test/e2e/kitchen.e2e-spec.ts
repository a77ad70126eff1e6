import request from 'supertest';
import type { OrderView } from '#contracts';
import { EventTap } from '#test-support/event-tap.js';
import { type OwnStack, startStackOfItsOwn } from '#test-support/own-stack.js';

/**
 * A stack of its own (database and vhost) with a 1.5 s acceptance timeout: its sweep must not
 * reject the other suites' orders, and its delay queue must not wait behind their 5-minute timers.
 */
describe('kitchen: items, acceptance timeout and refunds over HTTP and AMQP', () => {
  let stack: OwnStack;
  let tap: EventTap;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const uniq = () => `K-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const body = (payments: { reference: string; amount: number }[] = []) => ({
    channelOrderId: uniq(),
    brandId: 'kitchen-brand',
    customer: { name: 'John Doe' },
    items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 }],
    payments,
  });
  const place = async (payments?: { reference: string; amount: number }[]) => {
    const res = await api().post('/v1/orders').set(auth('channel')).send(body(payments));
    expect(res.status).toBe(201);
    return res.body as OrderView;
  };

  beforeAll(async () => {
    stack = await startStackOfItsOwn('kitchen', { ORDER_ACCEPT_TIMEOUT_MS: '1500' });
    tap = await EventTap.open(stack.amqpUrl);
  });
  afterAll(async () => {
    await tap?.close();
    await stack?.stop();
  });

  it('changes an item status, bumping the ETag, and publishes order.item_status_changed', async () => {
    const order = await place();
    await api().patch(`/v1/orders/${order.id}/status`).set(auth('staff')).send({ status: 'ACCEPTED' }).expect(200);
    const res = await api()
      .patch(`/v1/orders/${order.id}/items/CAT1-0001/status`)
      .set(auth('staff'))
      .send({ status: 'PREPARING' });
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe('"3"');
    expect(res.body.items[0].status).toBe('PREPARING');
    const illegal = await api()
      .patch(`/v1/orders/${order.id}/items/CAT1-0001/status`)
      .set(auth('staff'))
      .send({ status: 'QUEUED' });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ from: 'PREPARING', to: 'QUEUED', allowed: ['READY', 'CANCELLED'] });
    await api().patch(`/v1/orders/${order.id}/items/NOPE/status`).set(auth('staff')).send({ status: 'READY' }).expect(404);
    const events = await tap.waitFor(order.id, 4);
    expect(events[3]!.routingKey).toBe('order.item_status_changed');
    expect(events[3]!.event).toMatchObject({ sequence: 4, data: { plu: 'CAT1-0001', from: 'QUEUED', to: 'PREPARING' } });
  });

  it('adds items while PLACED and publishes order.items_added; 409 once accepted', async () => {
    const order = await place();
    const res = await api()
      .post(`/v1/orders/${order.id}/items`)
      .set(auth('channel'))
      .send({
        items: [
          { plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 2, unitPrice: 12.5 },
          { plu: 'COLA', name: 'Cola', quantity: 1 },
        ],
      });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { plu: string; quantity: number }) => [i.plu, i.quantity])).toEqual([
      ['CAT1-0001', 3],
      ['COLA', 1],
    ]);
    const events = await tap.waitFor(order.id, 2);
    expect(events[1]!.event).toMatchObject({ type: 'order.items_added', sequence: 2, data: { orderId: order.id } });
    await api().patch(`/v1/orders/${order.id}/status`).set(auth('staff')).send({ status: 'ACCEPTED' }).expect(200);
    const late = await api()
      .post(`/v1/orders/${order.id}/items`)
      .set(auth('channel'))
      .send({ items: [{ plu: 'X', name: 'x', quantity: 1 }] });
    expect(late.status).toBe(409);
  });

  it('rejects an order not accepted within ORDER_ACCEPT_TIMEOUT_MS, within seconds, and requests its refund', async () => {
    const reference = `pay_${uniq()}`;
    const order = await place([{ reference, amount: 12.5 }]);
    const events = await tap.waitFor(order.id, 4, 8_000);
    const rejectedAt = Date.parse(events[1]!.event.time);
    expect(rejectedAt - Date.parse(order.createdAt)).toBeGreaterThanOrEqual(1_500);
    expect(rejectedAt - Date.parse(order.createdAt)).toBeLessThan(5_000);
    expect(events.map((e) => e.event.type)).toEqual([
      'order.created',
      'order.status_changed',
      'order.item_status_changed',
      'refund.requested',
    ]);
    expect(events[1]!.event.data).toMatchObject({ from: 'PLACED', to: 'REJECTED', reason: 'acceptance_timeout' });
    expect(events[3]!.event.data).toMatchObject({ orderId: order.id, paymentReference: reference, amount: 12.5 });

    const list = await api().get('/v1/refunds').query({ orderId: order.id }).set(auth('internal')).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ paymentReference: reference, amount: 12.5, status: 'PENDING' })]);
    const id = list.body.items[0].id as string;
    const done = await api().patch(`/v1/refunds/${id}`).set(auth('internal')).send({ status: 'PROCESSED' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id, status: 'PROCESSED' });
    await api().patch(`/v1/refunds/${id}`).set(auth('internal')).send({ status: 'FAILED' }).expect(409);
  });

  it('lets an accept before the deadline win: no rejection follows', async () => {
    const order = await place();
    await api().patch(`/v1/orders/${order.id}/status`).set(auth('staff')).send({ status: 'ACCEPTED' }).expect(200);
    // The sweep rejects in creation order: once it has rejected an order placed later, it has passed this one's deadline.
    const later = await place();
    const laterEvents = await tap.waitFor(later.id, 2, 8_000);
    expect(laterEvents[1]!.event.data).toMatchObject({ to: 'REJECTED', reason: 'acceptance_timeout' });
    const history = await api().get(`/v1/orders/${order.id}/history`).set(auth('staff')).expect(200);
    expect(history.body.order.map((h: { status: string }) => h.status)).toEqual(['PLACED', 'ACCEPTED']);
    expect(tap.of(order.id).map((e) => e.event.type)).toEqual([
      'order.created',
      'order.status_changed',
      'order.promised_time_changed',
    ]);
  });
});
