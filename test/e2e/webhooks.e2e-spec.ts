import request from 'supertest';
import { Webhook } from 'standardwebhooks';
import { ORDER_EVENT_TYPES } from '#contracts';
import { type OwnStack, startStackOfItsOwn } from '../support/own-stack.js';
import { TEST_KEYS } from '../support/stack.js';
import { eventually } from '#test-support/wait.js';
import { Receiver } from '../webhooks/support/receiver.js';
import { loopbackWebhooks } from '#test-support/loopback-webhooks.js';

/**
 * Webhooks end to end: subscriptions through the gateway's admin routes, orders through its
 * orders routes, and endpoints on loopback receiving what the three services made of them. On a
 * database and vhost of its own: its dispatcher must not compete with other stacks' (another
 * address policy would fail these loopback deliveries).
 */
const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const BRAND = `wh-${RUN}`;
let stack: OwnStack;
let receiver: Receiver;
const api = () => request(stack.gatewayUrl);
const as = (role: keyof typeof TEST_KEYS) => ({ Authorization: `Bearer ${TEST_KEYS[role]}` });

beforeAll(async () => {
  stack = await startStackOfItsOwn('webhooks', {
    ...loopbackWebhooks(),
    WEBHOOK_RETRY_BASE_MS: '40',
    WEBHOOK_RETRY_MAX_DELAY_MS: '200',
    WEBHOOK_POLL_MS: '50',
  });
  receiver = await Receiver.start();
}, 60_000);

afterAll(async () => {
  await receiver?.close();
  await stack?.stop();
});

const subscribe = async (body: Record<string, unknown> = {}) =>
  (
    await api()
      .post('/v1/webhooks')
      .set(as('admin'))
      .send({ url: receiver.url, types: ['*'], brandIds: [BRAND], ...body })
      .expect(201)
  ).body as {
    id: string;
    secret: string;
  };

describe('webhook subscriptions', () => {
  it('are created with a secret shown once, read and listed without it, changed, and deleted', async () => {
    const created = await api()
      .post('/v1/webhooks')
      .set(as('admin'))
      .send({ url: receiver.url, types: ['order.created'], description: 'store app' })
      .expect(201);
    expect(created.headers.location).toBe(`/v1/webhooks/${created.body.id}`);
    expect(created.body).toMatchObject({
      url: receiver.url,
      types: ['order.created'],
      brandIds: [],
      status: 'ENABLED',
      disabledReason: null,
    });
    expect(created.body.secret).toMatch(/^whsec_/);

    const read = await api().get(`/v1/webhooks/${created.body.id}`).set(as('admin')).expect(200);
    expect(read.body).not.toHaveProperty('secret');
    const list = await api().get('/v1/webhooks').set(as('admin')).expect(200);
    expect(list.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);

    const changed = await api()
      .patch(`/v1/webhooks/${created.body.id}`)
      .set(as('admin'))
      .send({ types: ['order.status_changed'], status: 'DISABLED' })
      .expect(200);
    expect(changed.body).toMatchObject({
      types: ['order.status_changed'],
      status: 'DISABLED',
      disabledReason: 'disabled by an admin',
    });

    await api().delete(`/v1/webhooks/${created.body.id}`).set(as('admin')).expect(204);
    await api().get(`/v1/webhooks/${created.body.id}`).set(as('admin')).expect(404);
    await api().delete(`/v1/webhooks/${created.body.id}`).set(as('admin')).expect(404);
  });

  it('refuses an unknown event type with a 400 naming types', async () => {
    const res = await api()
      .post('/v1/webhooks')
      .set(as('admin'))
      .send({ url: receiver.url, types: ['order.shipped'] })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('types');
  });
});

describe('webhook deliveries', () => {
  it('deliver every event type of an order’s life, in sequence, each verified by the reference verifier', async () => {
    const sub = await subscribe();
    const order = await api()
      .post('/v1/orders')
      .set(as('channel'))
      .send({
        channelOrderId: `all-${RUN}`,
        brandId: BRAND,
        customer: { name: 'Ada' },
        items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 9 }],
        payments: [{ reference: `pay-${RUN}`, amount: 9 }],
      })
      .expect(201);
    const id = order.body.id as string;
    await api()
      .post(`/v1/orders/${id}/items`)
      .set(as('channel'))
      .send({ items: [{ plu: 'P-2', name: 'Bread', quantity: 1, unitPrice: 3 }] })
      .expect(200);
    await api()
      .patch(`/v1/orders/${id}`)
      .set(as('channel'))
      .send({ customer: { name: 'Ada L.' } })
      .expect(200);
    await api().patch(`/v1/orders/${id}/items/P-2`).set(as('channel')).send({ quantity: 2 }).expect(200);
    await api().patch(`/v1/orders/${id}/items/P-1/status`).set(as('staff')).send({ status: 'PREPARING' }).expect(200);
    await api().patch(`/v1/orders/${id}/status`).set(as('staff')).send({ status: 'ACCEPTED', prepMinutes: 10 }).expect(200);
    await api().patch(`/v1/orders/${id}/status`).set(as('staff')).send({ status: 'CANCELLED' }).expect(200);

    const ofOrder = () => receiver.received.filter((r) => (JSON.parse(r.body) as { subject: string }).subject === id);
    await eventually(
      async () => new Set(ofOrder().map((r) => JSON.parse(r.body).type)).size === ORDER_EVENT_TYPES.length,
      'every type',
    );
    const verifier = new Webhook(sub.secret);
    const events = ofOrder().map((r) => verifier.verify(r.body, r.headers) as { id: string; sequence: number; type: string });
    expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 1));
    expect(ofOrder().map((r) => r.headers['webhook-id'])).toEqual(events.map((e) => e.id));
    expect(ofOrder().every((r) => r.headers['content-type'] === 'application/cloudevents+json')).toBe(true);

    const log = await api()
      .get(`/v1/webhooks/${sub.id}/deliveries`)
      .query({ orderId: id, limit: 2 })
      .set(as('admin'))
      .expect(200);
    expect(log.body.items).toHaveLength(2);
    expect(log.body.items[0]).toMatchObject({ orderId: id, status: 'DELIVERED', attempts: 1, lastStatusCode: 200 });
    const rest = await api()
      .get(`/v1/webhooks/${sub.id}/deliveries`)
      .query({ orderId: id, limit: 500, cursor: log.body.nextCursor })
      .set(as('admin'))
      .expect(200);
    expect(log.body.items.length + rest.body.items.length).toBe(events.length);
    expect(rest.body.nextCursor).toBeNull();
    await api().get(`/v1/webhooks/${sub.id}/deliveries`).query({ cursor: 'bm9wZQ' }).set(as('admin')).expect(400);
    await api().delete(`/v1/webhooks/${sub.id}`).set(as('admin')).expect(204);
  });

  it('retry a failed delivery and replay a range on request', async () => {
    const sub = await subscribe({ types: ['order.created'] });
    receiver.answer = (body) =>
      (JSON.parse(body) as { data: { channelOrderId?: string } }).data.channelOrderId === `retry-${RUN}`
        ? { status: 422 }
        : { status: 200 };
    const from = new Date().toISOString();
    const order = await api()
      .post('/v1/orders')
      .set(as('channel'))
      .send({
        channelOrderId: `retry-${RUN}`,
        brandId: BRAND,
        customer: { name: 'Bo' },
        items: [{ plu: 'P-1', name: 'Soup', quantity: 1 }],
      })
      .expect(201);
    const failed = async () =>
      (await api().get(`/v1/webhooks/${sub.id}/deliveries`).query({ status: 'FAILED' }).set(as('admin')).expect(200)).body
        .items as {
        id: string;
        lastStatusCode: number;
      }[];
    await eventually(async () => (await failed()).length === 1, 'the failed delivery');
    const [delivery] = await failed();
    expect(delivery.lastStatusCode).toBe(422);

    receiver.answer = () => ({ status: 200 });
    const retried = await api().post(`/v1/webhooks/${sub.id}/deliveries/${delivery.id}/retry`).set(as('admin')).expect(202);
    expect(retried.body).toMatchObject({ id: delivery.id, status: 'PENDING' });
    const createdOf = () => receiver.received.filter((r) => JSON.parse(r.body).subject === order.body.id);
    await eventually(async () => createdOf().length === 2 && createdOf()[1].status === 200, 'the retried delivery');
    await eventually(async () => (await failed()).length === 0, 'the delivery recorded as delivered');
    await api().post(`/v1/webhooks/${sub.id}/deliveries/${delivery.id}/retry`).set(as('admin')).expect(409);

    const replay = await api()
      .post(`/v1/webhooks/${sub.id}/replay`)
      .set(as('admin'))
      .send({ from, to: new Date(Date.now() + 60_000).toISOString() })
      .expect(202);
    expect(replay.body).toEqual({ deliveries: 1 });
    await eventually(async () => createdOf().length === 3, 'the replayed event');
    expect(new Set(createdOf().map((r) => r.headers['webhook-id'])).size).toBe(1);
    await api().delete(`/v1/webhooks/${sub.id}`).set(as('admin')).expect(204);
  });

  it('export their backlog and outcomes on the analytics service’s /metrics', async () => {
    const { register } = await import('prom-client');
    const text = await register.metrics();
    expect(text).toMatch(/^webhook_deliveries_total\{outcome="delivered"\} \d+/m);
    expect(text).toContain('webhook_attempt_duration_seconds_bucket');
    expect(text).toContain('# TYPE webhook_pending_deliveries gauge');
    expect(text).toContain('# TYPE webhook_oldest_pending_seconds gauge');
  });
});
