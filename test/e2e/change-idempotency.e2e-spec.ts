import request from 'supertest';
import type { OrderView } from '#contracts';
import { EventTap } from '#test-support/event-tap.js';
import { startStack, type Stack } from '#test-support/stack.js';
import { eventually } from '#test-support/wait.js';
import { loopbackWebhooks } from '#test-support/loopback-webhooks.js';

const uniq = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const CONFLICT = 'https://problems.orders.dev/idempotency-conflict';

/** 2 × 12.5 + 1 × 3 = 28, paid 28 in one payment. */
const order = () => ({
  channelOrderId: uniq('IDEM'),
  brandId: 'brand-idem',
  customer: { name: 'Ada' },
  items: [
    { plu: 'P-1', name: 'Burger', quantity: 2, unitPrice: 12.5 },
    { plu: 'P-2', name: 'Cola', quantity: 1, unitPrice: 3 },
  ],
  payments: [{ reference: uniq('pay'), amount: 28 }],
});

/**
 * CONTRACT section 3, "Every other write": a retry with the same Idempotency-Key and body answers
 * what the first attempt was answered and changes nothing again; a change queued but not answered
 * within INTAKE_WAIT_MS is a 202 with Location, applied once.
 */
describe('Idempotency-Key on changes, and 202 for a change queued but not answered', () => {
  let stack: Stack;
  let tap: EventTap;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const place = async () => (await api().post('/v1/orders').set(auth('channel')).send(order()).expect(201)).body as OrderView;
  const refundsOf = async (orderId: string) =>
    (await api().get('/v1/refunds').query({ orderId }).set(auth('internal')).expect(200)).body.items as {
      id: string;
      amount: number;
      reason: string;
      status: string;
    }[];
  const goodwill = (orderId: string, key: string, amount = 5) =>
    api()
      .post(`/v1/orders/${orderId}/refunds`)
      .set(auth('internal'))
      .set('Idempotency-Key', key)
      .send({ amount, reason: 'cold fries' });
  const accept = (orderId: string, key: string, ifMatch?: string) => {
    const req = api().patch(`/v1/orders/${orderId}/status`).set(auth('staff')).set('Idempotency-Key', key);
    if (ifMatch) req.set('If-Match', ifMatch);
    return req.send({ status: 'ACCEPTED' });
  };
  const orderNow = async (id: string) => (await api().get(`/v1/orders/${id}`).set(auth('staff')).expect(200)).body as OrderView;
  /**
   * The types of an order's first `count` events. Events of one order are published in sequence order, so once
   * the last expected one is in, a duplicate of any earlier change would have shown before it.
   */
  const eventsThrough = async (id: string, count: number) => (await tap.waitFor(id, count)).map((e) => e.event.type);

  beforeAll(async () => {
    stack = await startStack({
      INTAKE_WAIT_MS: '1000',
      ...loopbackWebhooks(),
    });
    tap = await EventTap.open(stack.amqpUrl);
  });
  afterAll(async () => {
    await tap?.close();
    await stack?.stop();
  });

  it('grants a goodwill refund once, however often and however concurrently it is retried with its key', async () => {
    const placed = await place();
    const key = uniq('refund');
    const [first, ...retries] = await Promise.all([goodwill(placed.id, key), goodwill(placed.id, key), goodwill(placed.id, key)]);
    expect(first!.status).toBe(201);
    for (const retry of retries) {
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first!.body);
    }
    const later = await goodwill(placed.id, key);
    expect(later.status).toBe(201);
    expect(later.body).toEqual(first!.body);

    expect(await refundsOf(placed.id)).toEqual([
      expect.objectContaining({ id: first!.body.id, amount: 5, reason: 'cold fries' }),
    ]);
    const now = await orderNow(placed.id);
    expect(now).toMatchObject({ version: 2, refundedAmount: 5 });
    // Another key is another request: a second refund.
    expect((await goodwill(placed.id, uniq('refund'))).status).toBe(201);
    expect(await eventsThrough(placed.id, 3)).toEqual(['order.created', 'refund.requested', 'refund.requested']);
  });

  it('answers a status change retried after it succeeded with its first answer, not a 409 or a 412', async () => {
    const placed = await place();
    const key = uniq('accept');
    const first = await accept(placed.id, key, '"1"').expect(200);
    expect(first.body).toMatchObject({ status: 'ACCEPTED', version: 2 });
    const retry = await accept(placed.id, key, '"1"').expect(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe('"2"');

    // Without the key the same request is what it is: a repeat of an accepted order's acceptance.
    const unkeyed = await api().patch(`/v1/orders/${placed.id}/status`).set(auth('staff')).send({ status: 'ACCEPTED' });
    expect(unkeyed.status).toBe(409);
    // The key is the caller's own and the route's own: the internal key, or another order, starts afresh.
    const other = await place();
    expect((await accept(other.id, key)).status).toBe(200);
    const byInternal = await api()
      .patch(`/v1/orders/${placed.id}/status`)
      .set(auth('internal'))
      .set('Idempotency-Key', key)
      .send({ status: 'ACCEPTED' });
    expect(byInternal.status).toBe(409);
    expect(byInternal.body.type).toBe('https://problems.orders.dev/illegal-transition');

    // The same key on the item route of the same order is another key too.
    const item = await api()
      .patch(`/v1/orders/${placed.id}/items/P-1/status`)
      .set(auth('staff'))
      .set('Idempotency-Key', key)
      .send({ status: 'PREPARING' })
      .expect(200);
    expect(item.body.version).toBe(3);
    expect(
      (
        await api()
          .patch(`/v1/orders/${placed.id}/items/P-1/status`)
          .set(auth('staff'))
          .set('Idempotency-Key', key)
          .send({ status: 'PREPARING' })
          .expect(200)
      ).body,
    ).toEqual(item.body);
    expect(await eventsThrough(placed.id, 4)).toEqual([
      'order.created',
      'order.status_changed',
      'order.promised_time_changed',
      'order.item_status_changed',
    ]);
  });

  it('refuses the key reused with another body with a 409 problem, writing and publishing nothing', async () => {
    const placed = await place();
    const key = uniq('qty');
    const change = (quantity: number, ifMatch?: string) => {
      const req = api().patch(`/v1/orders/${placed.id}/items/P-1`).set(auth('channel')).set('Idempotency-Key', key);
      if (ifMatch) req.set('If-Match', ifMatch);
      return req.send({ quantity });
    };
    const first = await change(1).expect(200);
    expect(first.body).toMatchObject({ version: 2, totalAmount: 15.5 });
    for (const reuse of [change(0), change(1, '"1"')]) {
      const res = await reuse;
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: CONFLICT, status: 409 });
      expect(res.body.detail).toMatch(/Idempotency-Key/);
    }
    expect(await orderNow(placed.id)).toMatchObject({ version: 2, totalAmount: 15.5 });
    // The next change is the order's third event: the refused reuses published nothing.
    await api()
      .patch(`/v1/orders/${placed.id}`)
      .set(auth('channel'))
      .send({ customer: { name: 'Bea' } })
      .expect(200);
    const events = await tap.waitFor(placed.id, 4);
    expect(events.map((e) => [e.event.type, e.event.sequence])).toEqual([
      ['order.created', 1],
      ['order.item_quantity_changed', 2],
      ['refund.requested', 3],
      ['order.updated', 4],
    ]);
  });

  it('answers 202 with Location for a change queued past INTAKE_WAIT_MS, and applies it once when retried with its key', async () => {
    const placed = await place();
    const acceptKey = uniq('late-accept');
    const refundKey = uniq('late-refund');
    await stack.stopOrders();
    try {
      const queued = await accept(placed.id, acceptKey);
      expect(queued.status).toBe(202);
      expect(queued.headers.location).toBe(`/v1/orders/${placed.id}`);
      expect(queued.body).toMatchObject({ id: placed.id });
      expect((await accept(placed.id, acceptKey)).status).toBe(202);
      const refund = await goodwill(placed.id, refundKey, 2);
      expect(refund.status).toBe(202);
      expect(refund.headers.location).toBe(`/v1/refunds?orderId=${placed.id}`);
      expect((await goodwill(placed.id, refundKey, 2)).status).toBe(202);
    } finally {
      await stack.startOrders();
    }
    const applied = await eventually(
      async () => {
        const now = await orderNow(placed.id);
        return now.status === 'ACCEPTED' && now.refundedAmount === 2 && now;
      },
      'the queued changes applied',
      20_000,
      50,
    );
    expect(applied.version).toBe(3);
    const retried = await accept(placed.id, acceptKey).expect(200);
    expect(retried.body).toMatchObject({ status: 'ACCEPTED', version: 2 });
    const refundRetried = await goodwill(placed.id, refundKey, 2).expect(201);
    expect(await refundsOf(placed.id)).toEqual([expect.objectContaining({ id: refundRetried.body.id, amount: 2 })]);
    // Anything a duplicate had published would come before this change's event.
    await api().patch(`/v1/orders/${placed.id}/status`).set(auth('staff')).send({ status: 'PREPARING' }).expect(200);
    expect(await eventsThrough(placed.id, 5)).toEqual([
      'order.created',
      'order.status_changed',
      'order.promised_time_changed',
      'refund.requested',
      'order.status_changed',
    ]);
  });

  it('settles a refund once: a retry with the key answers the first answer, and a FAILED one moves the order’s version', async () => {
    const placed = await place();
    const granted = await goodwill(placed.id, uniq('refund'), 4).expect(201);
    const key = uniq('settle');
    const settle = (status: string) =>
      api().patch(`/v1/refunds/${granted.body.id}`).set(auth('internal')).set('Idempotency-Key', key).send({ status });
    const first = await settle('FAILED').expect(200);
    expect(first.body).toMatchObject({ id: granted.body.id, status: 'FAILED' });
    expect((await settle('FAILED').expect(200)).body).toEqual(first.body);
    expect((await settle('PROCESSED')).body).toMatchObject({ status: 409, type: CONFLICT });
    const now = await api().get(`/v1/orders/${placed.id}`).set(auth('staff')).expect(200);
    expect(now.body).toMatchObject({ version: 3, refundedAmount: 0 });
    expect(now.headers.etag).toBe('"3"');
  });

  it('does not let a retried availability PUT undo a change made after its first attempt', async () => {
    const brand = uniq('brand-idem');
    const key = uniq('pause');
    const put = (body: object, headers: Record<string, string> = {}) =>
      api().put(`/v1/brands/${brand}/availability`).set(auth('staff')).set(headers).send(body);
    const paused = await put({ state: 'PAUSED' }, { 'Idempotency-Key': key }).expect(200);
    expect(paused.body).toMatchObject({ state: 'PAUSED' });
    await put({ state: 'ONLINE' }).expect(200);
    const retried = await put({ state: 'PAUSED' }, { 'Idempotency-Key': key }).expect(200);
    expect(retried.body).toEqual(paused.body);
    const now = await api().get(`/v1/brands/${brand}/availability`).set(auth('staff')).expect(200);
    expect(now.body).toMatchObject({ state: 'ONLINE' });
    expect((await put({ state: 'BUSY' }, { 'Idempotency-Key': key })).body).toMatchObject({ status: 409, type: CONFLICT });
  });

  it('creates one webhook subscription and rotates its secret once, however often each is retried with its key', async () => {
    const key = uniq('hook');
    const body = { url: 'http://127.0.0.1:9/hook', types: ['order.created'], brandIds: [uniq('brand-hooks')] };
    const create = (payload: object) => api().post('/v1/webhooks').set(auth('admin')).set('Idempotency-Key', key).send(payload);
    const [first, second] = await Promise.all([create(body), create(body)]);
    expect(first!.status).toBe(201);
    expect(second!.body).toEqual(first!.body);
    expect((await create(body).expect(201)).body).toEqual(first!.body);
    const mine = (await api().get('/v1/webhooks').set(auth('admin')).expect(200)).body.items.filter(
      (w: { brandIds: string[] }) => w.brandIds[0] === body.brandIds[0],
    );
    expect(mine).toHaveLength(1);
    expect((await create({ ...body, description: 'other' })).body).toMatchObject({ status: 409, type: CONFLICT });

    const rotate = () =>
      api().post(`/v1/webhooks/${first!.body.id}/rotate-secret`).set(auth('admin')).set('Idempotency-Key', key).send();
    const rotated = await rotate().expect(200);
    expect(rotated.body.secret).not.toBe(first!.body.secret);
    expect((await rotate().expect(200)).body).toEqual(rotated.body);
  });
});
