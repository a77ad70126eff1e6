import request from 'supertest';
import type { OrderView } from '#contracts';
import { EventTap } from '#test-support/event-tap.js';
import { startStack, type Stack } from '#test-support/stack.js';
import { eventually } from '#test-support/wait.js';

/** The seed-000 example order, with the fields of CONTRACT.md. */
const seedOrder = (channelOrderId: string, paymentRef = `pay_${channelOrderId}`) => ({
  channelOrderId,
  brandId: '60bfc6dc4887c9851d5a0245',
  account: '60bfc6dc4887c9851d5a0246',
  customer: { id: 'c-42', name: 'John Doe', phoneNumber: '+123456789' },
  deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1', postalCode: '00100' },
  pickupTime: new Date(Date.now() + 20 * 60_000).toISOString(),
  items: [
    { plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 },
    { plu: 'CAT2-0001', name: 'Sushi Set Large', quantity: 2, unitPrice: 20 },
  ],
  payments: [{ reference: paymentRef, amount: 52.5 }],
  currency: 'EUR',
});

describe('order lifecycle over HTTP and AMQP, all three services running', () => {
  let stack: Stack;
  let tap: EventTap;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const uniq = () => `E2E-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    stack = await startStack({ METRICS_BRANDS: '60bfc6dc4887c9851d5a0245' });
    tap = await EventTap.open(stack.amqpUrl);
  });
  afterAll(async () => {
    await tap?.close();
    await stack?.stop();
  });

  const place = async (body: object, role = 'channel', headers: Record<string, string> = {}) =>
    api().post('/v1/orders').set(auth(role)).set(headers).send(body);
  const move = (id: string, status: string, headers: Record<string, string> = {}) =>
    api().patch(`/v1/orders/${id}/status`).set(auth('staff')).set(headers).send({ status });

  it('walks the seed order PLACED → ACCEPTED → PREPARING → READY → PICKED_UP and publishes every event in order', async () => {
    const created = await place(seedOrder(uniq()));
    expect(created.status).toBe(201);
    const order = created.body as OrderView;
    expect(created.headers.location).toBe(`/v1/orders/${order.id}`);
    expect(order).toMatchObject({
      status: 'PLACED',
      version: 1,
      brandId: '60bfc6dc4887c9851d5a0245',
      customer: { id: 'c-42', name: 'John Doe', phoneNumber: '+123456789' },
      currency: 'EUR',
    });
    expect(order.items.map((i) => i.status)).toEqual(['QUEUED', 'QUEUED']);
    expect(order.placedAt).toBe(order.createdAt);
    expect(order.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    let version = order.version;
    for (const status of ['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP']) {
      const res = await move(order.id, status, { 'If-Match': `"${version}"` });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(status);
      expect(res.headers.etag).toBe(`"${version + 1}"`);
      version = res.body.version;
    }
    const final = await api().get(`/v1/orders/${order.id}`).set(auth('analyst'));
    expect(final.body.items.map((i: { status: string }) => i.status)).toEqual(['READY', 'READY']);

    const events = await tap.waitFor(order.id, 8);
    expect(events.map((e) => [e.event.sequence, e.event.type])).toEqual([
      [1, 'order.created'],
      [2, 'order.status_changed'],
      [3, 'order.promised_time_changed'],
      [4, 'order.status_changed'],
      [5, 'order.status_changed'],
      [6, 'order.item_status_changed'],
      [7, 'order.item_status_changed'],
      [8, 'order.status_changed'],
    ]);
    for (const { event, routingKey, properties } of events) {
      expect(event).toMatchObject({ specversion: '1.0', source: 'orders-service', subject: order.id });
      expect(routingKey).toBe(event.type);
      expect(properties.messageId).toBe(event.id);
      expect(properties.contentType).toBe('application/json');
      expect(properties.deliveryMode).toBe(2);
      // Published after the change committed: consumers measure their lag from it.
      expect(properties.headers?.['x-published-at']).toBeGreaterThanOrEqual(Date.parse(event.time));
      if ('at' in event.data) expect(event.time).toBe(event.data.at);
    }
    expect(events[0].event.data).toMatchObject({ id: order.id, status: 'PLACED', items: order.items });
    expect(events.slice(1, 5).map((e) => e.event.data)).toEqual([
      expect.objectContaining({ from: 'PLACED', to: 'ACCEPTED', customerId: 'c-42', reason: null }),
      expect.objectContaining({ previous: null, customerId: 'c-42', reason: null }),
      expect.objectContaining({ from: 'ACCEPTED', to: 'PREPARING' }),
      expect.objectContaining({ from: 'PREPARING', to: 'READY' }),
    ]);
    expect(events[5].event.data).toMatchObject({ plu: 'CAT1-0001', from: 'QUEUED', to: 'READY' });

    const history = await api().get(`/v1/orders/${order.id}/history`).set(auth('staff'));
    expect(history.status).toBe(200);
    expect(history.body.order.map((h: { status: string }) => h.status)).toEqual([
      'PLACED',
      'ACCEPTED',
      'PREPARING',
      'READY',
      'PICKED_UP',
    ]);
    expect(history.body.order[0].at).toBe(order.placedAt);
    expect(history.body.order.slice(1).map((h: { at: string }) => h.at)).toEqual(
      events.filter((e) => e.event.type === 'order.status_changed').map((e) => e.event.time),
    );
    expect(history.body.items['CAT2-0001'].map((h: { status: string }) => h.status)).toEqual(['QUEUED', 'READY']);
  });

  it('refuses an illegal hop with 409 naming the allowed statuses, and publishes nothing for it', async () => {
    const { body: order } = await place(seedOrder(uniq()));
    const res = await move(order.id, 'READY');
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, from: 'PLACED', to: 'READY', allowed: ['ACCEPTED', 'REJECTED', 'CANCELLED'] });
    expect(res.body.detail).toBeTruthy();

    // A later legal change proves the stream is flowing; the refused hop left no event behind it.
    expect((await move(order.id, 'REJECTED')).status).toBe(200);
    const events = await tap.waitFor(order.id, 5);
    expect(events.map((e) => [e.event.sequence, e.event.type])).toEqual([
      [1, 'order.created'],
      [2, 'order.status_changed'],
      [3, 'order.item_status_changed'],
      [4, 'order.item_status_changed'],
      [5, 'refund.requested'],
    ]);
    expect(events[1].event.data).toMatchObject({ from: 'PLACED', to: 'REJECTED' });
    const unchanged = await api().get(`/v1/orders/${order.id}`).set(auth('staff'));
    expect(unchanged.body).toMatchObject({ status: 'REJECTED', version: 2 });
  });

  it('settles two racing changes by the version: one wins, the other gets 412', async () => {
    const { body: order } = await place(seedOrder(uniq()));
    expect((await move(order.id, 'ACCEPTED')).status).toBe(200);
    const [a, b] = await Promise.all([
      move(order.id, 'PREPARING', { 'If-Match': '2' }),
      move(order.id, 'CANCELLED', { 'If-Match': '2' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const now = await api().get(`/v1/orders/${order.id}`).set(auth('staff'));
    expect(now.body.version).toBe(3);
    expect(now.body.status).toBe((a.status === 200 ? a : b).body.status);
  });

  it('returns the existing order for a retried create and never makes a second one', async () => {
    const body = seedOrder(uniq());
    const first = await place(body, 'channel', { 'Idempotency-Key': `k-${body.channelOrderId}` });
    expect(first.status).toBe(201);
    const again = await place(body, 'channel', { 'Idempotency-Key': `k-${body.channelOrderId}` });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const sameChannelId = await place(body);
    expect(sameChannelId.status).toBe(200);
    expect(sameChannelId.body.id).toBe(first.body.id);
    const reused = await place({ ...body, currency: 'SEK' }, 'channel', { 'Idempotency-Key': `k-${body.channelOrderId}` });
    expect(reused.status).toBe(409);
    // The relay publishes in commit order: once an order placed afterwards is out, so is anything the retries wrote.
    const later = await place(seedOrder(uniq()));
    await tap.waitFor(later.body.id, 1);
    expect(tap.of(first.body.id)).toHaveLength(1);
  });

  it('refuses a payment reference another order already used, and creates nothing', async () => {
    const ref = `pay-${uniq()}`;
    expect((await place(seedOrder(uniq(), ref))).status).toBe(201);
    const dup = await place(seedOrder(uniq(), ref));
    expect(dup.status).toBe(409);
    expect(dup.body.detail).toContain(ref);
  });

  it('lists orders newest first with filters and cursor pagination', async () => {
    const brandId = `brand-${uniq()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await place({ ...seedOrder(uniq()), brandId })).body.id);
    await move(ids[1], 'ACCEPTED');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await api()
        .get('/v1/orders')
        .query({ brandId, limit: 2, ...(cursor ? { cursor } : {}) })
        .set(auth('staff'));
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((o: OrderView) => o.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
    const accepted = await api().get('/v1/orders').query({ brandId, status: 'ACCEPTED' }).set(auth('analyst'));
    expect(accepted.body.items.map((o: OrderView) => o.id)).toEqual([ids[1]]);
  });

  it('keeps an order that was answered 202 while the orders service was down, and stores it once it is back', async () => {
    await stack.stopOrders();
    const body = seedOrder(uniq());
    const queued = await place(body);
    expect(queued.status).toBe(202);
    expect(queued.body).toEqual({
      id: expect.any(String),
      status: 'PLACED',
      trackingToken: expect.stringMatching(/^[\w-]{32}$/),
    });
    expect(queued.headers.location).toBe(`/v1/orders/${queued.body.id}`);
    await stack.startOrders();
    const events = await tap.waitFor(queued.body.id, 1, 20_000);
    expect(events[0].event.type).toBe('order.created');
    const stored = await api().get(`/v1/orders/${queued.body.id}`).set(auth('channel'));
    expect(stored.status).toBe(200);
    expect(stored.body.channelOrderId).toBe(body.channelOrderId);
  });

  it('exposes Prometheus metrics that move with the traffic, with brand labels only for the configured brands', async () => {
    const { body: order } = await place(seedOrder(uniq()));
    const unlisted = `brand-${uniq()}`;
    const { body: other } = await place({ ...seedOrder(uniq()), brandId: unlisted });
    await move(order.id, 'PREPARING');
    await move(order.id, 'ACCEPTED');
    await tap.waitFor(order.id, 2);
    await tap.waitFor(other.id, 1);
    // The relay counts a round once its bookkeeping committed, just after subscribers may have the events.
    const res = await eventually(
      async () => {
        const scraped = await api().get('/metrics');
        return scraped.text.includes('orders_placed_total{brand="other"}') && scraped;
      },
      'the relay counting the unlisted brand',
      5_000,
      50,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const value = (series: string) => {
      const line = res.text.split('\n').find((l) => l.startsWith(`${series} `));
      return line ? Number(line.split(' ')[1]) : 0;
    };
    expect(value('orders_placed_total{brand="60bfc6dc4887c9851d5a0245"}')).toBeGreaterThan(0);
    expect(value('orders_placed_total{brand="other"}')).toBeGreaterThan(0);
    expect(res.text).not.toContain(unlisted);
    expect(value('order_transitions_total{from="PLACED",to="ACCEPTED"}')).toBeGreaterThan(0);
    expect(value('order_transitions_refused_total{from="PLACED",to="PREPARING"}')).toBeGreaterThan(0);
    expect(value('http_request_duration_seconds_count{method="POST",route="/v1/orders",status_code="201"}')).toBeGreaterThan(0);
    expect(value('messaging_handled_messages_total{queue="orders.commands",outcome="acked"}')).toBeGreaterThan(0);
    expect(value('messaging_published_messages_total{exchange="orders.events",destination="order.created"}')).toBeGreaterThan(0);
    expect(res.text).toMatch(/^outbox_backlog_messages \d+$/m);
    expect(res.text).toMatch(/^outbox_oldest_age_seconds [\d.e+-]+$/m);
    expect(res.text).toMatch(/^analytics_lag_seconds [\d.e+-]+$/m);
    expect(res.text).toMatch(/^analytics_pending_events \d+$/m);
    expect(res.text).toMatch(/^messaging_dead_letter_messages\{queue="orders.commands.dlq"\} \d+$/m);
    expect(value('service_ready')).toBe(1);
    expect(res.text).not.toMatch(/^nodejs_active_\w+_total /m);
  });

  it('answers health, readiness and the OpenAPI document without a key', async () => {
    expect((await api().get('/health/live')).status).toBe(200);
    const ready = await api().get('/health/ready');
    expect(ready.status).toBe(200);
    const docs = await api().get('/docs-json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/v1/orders', '/v1/orders/{id}', '/v1/orders/{id}/status', '/v1/orders/{id}/history']),
    );
    const asyncApi = await api().get('/docs-asyncapi.json');
    expect(asyncApi.status).toBe(200);
    expect(asyncApi.body).toMatchObject({ asyncapi: '3.0.0', channels: { orderEvents: { address: 'orders.events' } } });
    expect(
      Object.values(asyncApi.body.components.messages)
        .map((m) => (m as { name: string }).name)
        .sort(),
    ).toEqual([
      'brand.availability_changed',
      'brand.item_availability_changed',
      'order.created',
      'order.item_quantity_changed',
      'order.item_status_changed',
      'order.items_added',
      'order.promised_time_changed',
      'order.status_changed',
      'order.updated',
      'refund.requested',
    ]);
  });
});
