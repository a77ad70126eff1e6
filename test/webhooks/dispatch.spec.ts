import { randomBytes, randomUUID } from 'node:crypto';
import { register } from 'prom-client';
import { Webhook } from 'standardwebhooks';
import { APP_CONFIG, type AppConfig } from '#config';
import type { CreatedWebhookView, WebhookReply } from '#contracts';
import { createAnalyticsApp } from '../../apps/analytics/src/analytics-app.js';
import { WEBHOOK_ADMIN, type WebhookAdminPort } from '../../apps/analytics/src/webhooks/admin/webhook-admin.js';
import { Dispatcher } from '../../apps/analytics/src/webhooks/dispatch/dispatcher.js';
import { EventStoreRepository } from '../../apps/analytics/src/webhooks/persistence/event-store.repository.js';
import { analyticsHarness, type AnalyticsHarness } from '../analytics/support/analytics-harness.js';
import { eventually } from '#test-support/wait.js';
import { orderEvents } from './support/events.js';
import { Receiver } from './support/receiver.js';
import { loopbackWebhooks } from '#test-support/loopback-webhooks.js';

/**
 * The dispatcher against real endpoints on loopback, fed through `orders.events` on a vhost of its
 * own. Backoff, timeout and the retry window are shortened by configuration, so retries take
 * milliseconds; every wait is on a condition.
 */
let h: AnalyticsHarness;
const receivers: Receiver[] = [];
const admin = () => h.app!.get<symbol, WebhookAdminPort>(WEBHOOK_ADMIN);
const ok = <T>(reply: WebhookReply<T>): T => {
  if (!('ok' in reply)) throw new Error(`refused: ${reply.detail}`);
  return reply.ok;
};

async function subscribe(types: string[] = ['*']): Promise<{ sub: CreatedWebhookView; receiver: Receiver; brand: string }> {
  const receiver = await Receiver.start();
  receivers.push(receiver);
  const brand = `brand-${randomUUID()}`;
  const sub = ok(await admin().create({ url: receiver.url, types, brandIds: [brand] }));
  return { sub, receiver, brand };
}

/** Once an event is fanned out, every delivery it will ever have is recorded. */
const fannedOut = (ids: string[]) =>
  eventually(
    async () =>
      (await h.sql.query(`SELECT 1 FROM webhooks.events WHERE event_id = ANY($1) AND fanned_out`, [ids])).rowCount === ids.length,
    'the events fanned out',
  );

/** Recorded by the intake, whether or not it could be fanned out yet. */
const recorded = (ids: string[]) =>
  eventually(
    async () => (await h.sql.query(`SELECT 1 FROM webhooks.events WHERE event_id = ANY($1)`, [ids])).rowCount === ids.length,
    'the events recorded',
  );

const deliveriesOf = async (id: string) => ok(await admin().listDeliveries({ id, limit: 500 })).items;

beforeAll(async () => {
  h = await analyticsHarness('webhooks', {
    ...loopbackWebhooks(),
    WEBHOOK_TIMEOUT_MS: '1000',
    WEBHOOK_RETRY_BASE_MS: '40',
    WEBHOOK_RETRY_MAX_DELAY_MS: '200',
    WEBHOOK_RETRY_FOR_MS: '3000',
    // A little under the retry window: the spell starts at the first failure's record, a moment after
    // the window's first attempt, so equal windows would race at the last failure.
    WEBHOOK_DISABLE_AFTER_MS: '2800',
    WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT: '2',
    WEBHOOK_POLL_MS: '50',
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
  for (const r of receivers) await r.close();
});

describe('webhook dispatch', () => {
  it('posts each event as the CloudEvent it was published as, signed for the reference verifier', async () => {
    const { sub, receiver, brand } = await subscribe();
    const [event] = orderEvents(brand, 1);
    await h.publish([event]);
    await eventually(async () => receiver.received.length === 1, 'the delivery');
    const [got] = receiver.received;
    expect(got.headers['content-type']).toBe('application/cloudevents+json');
    expect(got.headers['webhook-id']).toBe(event.id);
    expect(new Webhook(sub.secret).verify(got.body, got.headers)).toEqual(event);
    await eventually(async () => (await deliveriesOf(sub.id))[0]?.status === 'DELIVERED', 'the delivery recorded');
    expect((await deliveriesOf(sub.id))[0]).toMatchObject({
      eventId: event.id,
      attempts: 1,
      lastStatusCode: 200,
      nextAttemptAt: null,
    });
  });

  it('sends only the types and brands subscribed to', async () => {
    const { receiver, brand } = await subscribe(['order.items_added']);
    const [wanted] = orderEvents(brand, 1, 'order.items_added');
    const unwanted = [...orderEvents(brand, 2), ...orderEvents('someone-else', 1, 'order.items_added')];
    await h.publish([...unwanted, wanted]);
    await fannedOut([...unwanted, wanted].map((e) => e.id));
    await eventually(async () => receiver.received.length > 0, 'the matching event');
    expect(receiver.events().map((e) => e.id)).toEqual([wanted.id]);
  });

  it('retries a 500 with the same webhook-id, holding the order’s next event back meanwhile while other orders flow', async () => {
    const { sub, receiver, brand } = await subscribe();
    const first = orderEvents(brand, 3);
    const other = orderEvents(brand, 1);
    let failed = false;
    receiver.answer = (body) => {
      if (!failed && (JSON.parse(body) as { id: string }).id === first[0].id) {
        failed = true;
        return { status: 500, body: 'try later' };
      }
      return { status: 200 };
    };
    await h.publish([...first, ...other]);
    await eventually(
      async () => receiver.events().filter((e) => e.subject === first[0].subject).length === 4,
      'four posts of the order',
    );
    const ofOrder = receiver.received.filter((r) => (JSON.parse(r.body) as { subject: string }).subject === first[0].subject);
    expect(ofOrder.map((r) => [r.headers['webhook-id'], r.status])).toEqual([
      [first[0].id, 500],
      [first[0].id, 200],
      [first[1].id, 200],
      [first[2].id, 200],
    ]);
    expect(receiver.events().some((e) => e.id === other[0].id)).toBe(true);
    const log = await deliveriesOf(sub.id);
    expect(log.find((d) => d.eventId === first[0].id)).toMatchObject({ status: 'DELIVERED', attempts: 2, lastStatusCode: 200 });
  });

  it('never skips a gap after an event it has: the next event waits for the late one, however long', async () => {
    const { receiver, brand } = await subscribe();
    const [first, second, third] = orderEvents(brand, 3);
    const [, , lateStart] = orderEvents(brand, 3);
    await h.publish([first, third, lateStart]);
    await eventually(async () => receiver.received.length === 1, 'the first event');
    // As if the second had been missing for longer than the wait for a history older than the queue.
    await h.sql.query(`UPDATE webhooks.events SET received_at = now() - interval '1 hour' WHERE event_id = ANY($1)`, [
      [third.id, lateStart.id],
    ]);
    // An order first seen at sequence 3 began before the queue existed: it goes after the wait.
    // The dispatcher finds it on one of its later rounds, which a busy machine spaces out.
    await eventually(async () => receiver.events().some((e) => e.id === lateStart.id), 'the order first seen at 3', 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.events().map((e) => e.id)).toEqual([first.id, lateStart.id]);
    await h.publish([second]);
    await eventually(async () => receiver.events().filter((e) => e.subject === first.subject).length === 3, 'the rest in order');
    expect(
      receiver
        .events()
        .filter((e) => e.subject === first.subject)
        .map((e) => e.sequence),
    ).toEqual([1, 2, 3]);
  });

  it('holds an order’s next events behind one whose brand is not known yet, never lets them pass it', async () => {
    const { receiver, brand } = await subscribe();
    const [created, itemChange, statusChange] = orderEvents(brand, 3);
    await h.publish([created]);
    await eventually(async () => receiver.received.length === 1, 'the first event');
    // What fan-out can see when the event without a brand of its own (an item change) was recorded
    // by another replica at the instant the order's brand became known: that event without a brand,
    // the next one with its own. Here the order's brand is withheld so that the sweep sees the same.
    const orderId = created.subject;
    await h.sql.query(`DELETE FROM webhooks.order_brands WHERE order_id = $1`, [orderId]);
    await h.sql.query(
      `INSERT INTO webhooks.events (event_id, order_id, sequence, type, brand_id, time, body)
       VALUES ($1, $3, 2, 'order.item_status_changed', NULL, now(), $4), ($2, $3, 3, 'order.status_changed', $5, now(), $6)`,
      [itemChange.id, statusChange.id, orderId, JSON.stringify(itemChange), brand, JSON.stringify(statusChange)],
    );
    await h.app!.get(EventStoreRepository).sweep();
    const { rows } = await h.sql.query<{ event_id: string }>(
      `SELECT event_id FROM webhooks.events WHERE order_id = $1 AND fanned_out ORDER BY sequence`,
      [orderId],
    );
    expect(rows.map((r) => r.event_id)).toEqual([created.id]);
    await h.sql.query(`INSERT INTO webhooks.order_brands (order_id, brand_id) VALUES ($1, $2)`, [orderId, brand]);
    await eventually(async () => receiver.received.length === 3, 'the rest of the order');
    expect(receiver.events().map((e) => e.sequence)).toEqual([1, 2, 3]);
  });

  it('sends an event that comes after a later one went past its gap, and the ones after it, instead of holding them for ever', async () => {
    const { receiver, brand } = await subscribe();
    const [first, second, third] = orderEvents(brand, 3);
    await h.publish([third]);
    await recorded([third.id]);
    // As if the first two had been missing for longer than the wait for a history older than the queue.
    await h.sql.query(`UPDATE webhooks.events SET received_at = now() - interval '1 hour' WHERE event_id = $1`, [third.id]);
    await eventually(async () => receiver.received.length === 1, 'the order first seen at 3');
    await h.publish([first]);
    await eventually(async () => receiver.received.length === 2, 'the late first event');
    await h.publish([second]);
    await eventually(async () => receiver.received.length === 3, 'the late second event');
    expect(receiver.events().map((e) => e.sequence)).toEqual([3, 1, 2]);
  });

  it('honours Retry-After on a 429', async () => {
    const { receiver, brand } = await subscribe();
    receiver.answer = (_body, nth) => (nth === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 });
    const started = Date.now();
    await h.publish(orderEvents(brand, 1));
    await eventually(async () => receiver.received.length === 2, 'the retry');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('fails a 400 without retrying, and the order’s next event then goes out', async () => {
    const { sub, receiver, brand } = await subscribe();
    receiver.answer = (_body, nth) => (nth === 0 ? { status: 400, body: 'unknown field' } : { status: 200 });
    const events = orderEvents(brand, 2);
    await h.publish(events);
    await eventually(async () => receiver.received.length === 2, 'both events');
    expect(receiver.events().map((e) => e.id)).toEqual([events[0].id, events[1].id]);
    const failed = (await deliveriesOf(sub.id)).find((d) => d.eventId === events[0].id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, lastStatusCode: 400, lastError: 'HTTP 400: unknown field' });
  });

  it('disables the subscription at a 410 and sends it nothing more', async () => {
    const { sub, receiver, brand } = await subscribe();
    receiver.answer = () => ({ status: 410 });
    await h.publish(orderEvents(brand, 1));
    await eventually(async () => ok(await admin().get({ id: sub.id })).status === 'DISABLED', 'the subscription disabled');
    expect(ok(await admin().get({ id: sub.id })).disabledReason).toMatch(/410/);
    const [later] = orderEvents(brand, 1);
    await h.publish([later]);
    await fannedOut([later.id]);
    expect(await deliveriesOf(sub.id)).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('fails a delivery after the retry window, and disables a subscription whose deliveries all failed that long', async () => {
    const { sub, receiver, brand } = await subscribe();
    receiver.answer = () => ({ status: 503 });
    await h.publish(orderEvents(brand, 1));
    await eventually(
      async () => ok(await admin().get({ id: sub.id })).status === 'DISABLED',
      'the subscription disabled',
      15_000,
    );
    expect(ok(await admin().get({ id: sub.id })).disabledReason).toMatch(/^every delivery failed since \d{4}-/);
    expect(receiver.received.length).toBeGreaterThan(3);
  });

  it('ends a failing spell at the next success: a failure after it starts a new retry window, not the old one', async () => {
    const { sub, receiver, brand } = await subscribe();
    let answer = 503;
    receiver.answer = () => ({ status: answer });
    const [first, second] = [orderEvents(brand, 1), orderEvents(brand, 1)];
    await h.publish(first);
    await eventually(async () => receiver.received.length >= 2, 'two failed attempts');
    answer = 200;
    await eventually(async () => (await deliveriesOf(sub.id))[0]?.status === 'DELIVERED', 'the delivery recorded');
    // Past WEBHOOK_DISABLE_AFTER_MS since the spell began: a spell still open would disable at the next failure.
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    answer = 503;
    const before = receiver.received.length;
    await h.publish(second);
    await eventually(async () => receiver.received.length >= before + 2, 'the new event failing twice');
    expect(ok(await admin().get({ id: sub.id })).status).toBe('ENABLED');
    answer = 200;
  });

  it('signs with both secrets after a rotation', async () => {
    const { sub, receiver, brand } = await subscribe();
    const rotated = ok(await admin().rotateSecret({ id: sub.id }));
    expect(rotated.secret).not.toBe(sub.secret);
    await h.publish(orderEvents(brand, 1));
    await eventually(async () => receiver.received.length === 1, 'the delivery');
    const [got] = receiver.received;
    expect(got.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.secret).verify(got.body, got.headers)).toBeTruthy();
    expect(new Webhook(sub.secret).verify(got.body, got.headers)).toBeTruthy();
  });

  it('replays a range as new deliveries of the same events, and retries a failed one on request', async () => {
    const { sub, receiver, brand } = await subscribe();
    receiver.answer = (_body, nth) => (nth === 0 ? { status: 404 } : { status: 200 });
    const from = new Date(Date.now() - 1_000).toISOString();
    const events = orderEvents(brand, 3);
    await h.publish(events);
    await eventually(async () => receiver.received.length === 3, 'the first sending');
    const failed = (await deliveriesOf(sub.id)).find((d) => d.status === 'FAILED')!;
    expect(ok(await admin().retryDelivery({ id: sub.id, deliveryId: failed.id }))).toMatchObject({ status: 'PENDING' });
    await eventually(async () => receiver.received.length === 4, 'the retried delivery');
    expect(await admin().retryDelivery({ id: sub.id, deliveryId: failed.id })).toMatchObject({ error: 'conflict' });

    const replay = ok(await admin().replay({ id: sub.id, from, to: new Date(Date.now() + 1_000).toISOString() }));
    expect(replay.deliveries).toBe(3);
    await eventually(async () => receiver.received.length === 7, 'the replay');
    expect(
      receiver
        .events()
        .slice(4)
        .map((e) => e.id),
    ).toEqual(events.map((e) => e.id));
  });

  it('never lets a slow endpoint delay another subscription, and keeps at most 2 attempts in flight to it', async () => {
    const slow = await subscribe();
    slow.receiver.answer = () => 'hang';
    const fast = await subscribe();
    const slowEvents = [1, 2, 3, 4].flatMap(() => orderEvents(slow.brand, 1));
    const fastEvents = [1, 2, 3, 4].flatMap(() => orderEvents(fast.brand, 1));
    await h.publish([...slowEvents, ...fastEvents]);
    await eventually(async () => fast.receiver.received.length === 4, 'every event at the fast endpoint', 5_000);
    expect(slow.receiver.received.length).toBeLessThanOrEqual(2);
    // An answer is recorded just after it comes: the gauges below are read once every fast one is.
    await eventually(
      async () => (await deliveriesOf(fast.sub.id)).filter((d) => d.status === 'DELIVERED').length === 4,
      'the fast deliveries recorded',
    );
    await fannedOut(slowEvents.map((e) => e.id));
    const pending = (await register.getSingleMetric('webhook_pending_deliveries')!.get()).values;
    expect(pending.find((v) => v.labels.subscription === slow.sub.id)?.value).toBe(4);
    const oldest = (await register.getSingleMetric('webhook_oldest_pending_seconds')!.get()).values;
    expect(oldest.find((v) => v.labels.subscription === slow.sub.id)?.value).toBeGreaterThan(0);
    expect(oldest.some((v) => v.labels.subscription === fast.sub.id)).toBe(false);
    ok(await admin().remove({ id: slow.sub.id }));
  });

  it('shares the work between competing replicas: each event once, each order in sequence, at most 2 in flight to an endpoint', async () => {
    const second = await createAnalyticsApp(h.app!.get<symbol, AppConfig>(APP_CONFIG));
    await second.listen(0, '127.0.0.1');
    try {
      const { receiver, brand } = await subscribe();
      receiver.answer = () => ({ status: 200, delayMs: 20 });
      const orders = [1, 2, 3, 4, 5].map(() => orderEvents(brand, 6));
      await h.publish(orders.flat());
      await eventually(async () => receiver.received.length >= 30, 'every event', 15_000);
      const got = receiver.events();
      expect(new Set(got.map((e) => e.id)).size).toBe(got.length);
      for (const events of orders) {
        expect(got.filter((e) => e.subject === events[0].subject).map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
      }
      expect(receiver.mostInFlight).toBeLessThanOrEqual(2);
    } finally {
      await second.close();
    }
  });

  it('delivers what was published while it was down', async () => {
    const { receiver, brand } = await subscribe();
    await h.app!.close();
    h.app = undefined;
    const events = orderEvents(brand, 2);
    await h.publish(events);
    await h.start();
    await eventually(async () => receiver.received.length === 2, 'the events after the restart');
    expect(receiver.events().map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('prunes events past the retention with their deliveries, keeping any with a delivery still pending', async () => {
    const { sub, receiver, brand } = await subscribe();
    const [delivered, pending, recent] = [orderEvents(brand, 1), orderEvents(brand, 1), orderEvents(brand, 1)].flat();
    receiver.answer = (body) => ((JSON.parse(body) as { id: string }).id === pending.id ? { status: 503 } : { status: 200 });
    await h.publish([delivered, pending, recent]);
    await eventually(
      async () => (await deliveriesOf(sub.id)).filter((d) => d.status === 'DELIVERED').length === 2,
      'two delivered',
    );
    const ids = [delivered.id, pending.id, recent.id];
    await h.sql.query(`UPDATE webhooks.events SET time = now() - interval '31 days' WHERE event_id = ANY($1)`, [ids.slice(0, 2)]);

    expect(await h.app!.get(Dispatcher).prune()).toBeGreaterThanOrEqual(1);
    const { rows: events } = await h.sql.query<{ event_id: string }>(
      `SELECT event_id FROM webhooks.events WHERE event_id = ANY($1) ORDER BY time`,
      [ids],
    );
    expect(events.map((e) => e.event_id).sort()).toEqual([pending.id, recent.id].sort());
    expect((await deliveriesOf(sub.id)).map((d) => d.eventId).sort()).toEqual([pending.id, recent.id].sort());
  });

  it('keeps secrets sealed at rest: the database holds no secret in the clear', async () => {
    const { sub } = await subscribe();
    const { rows } = await h.sql.query<{ row: string }>(
      `SELECT row_to_json(s)::text AS row FROM webhooks.subscriptions s WHERE id = $1`,
      [sub.id],
    );
    expect(rows[0].row).not.toContain(sub.secret.slice('whsec_'.length));
  });
});
