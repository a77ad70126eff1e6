import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '#contracts';
import { GetCustomerService } from '../../apps/analytics/src/queries/get-customer/get-customer.service.js';
import { StatusDurationsService } from '../../apps/analytics/src/queries/status-durations/status-durations.service.js';
import { SummaryService } from '../../apps/analytics/src/queries/summary/summary.service.js';
import { ThroughputService } from '../../apps/analytics/src/queries/throughput/throughput.service.js';
import { TopCustomersService } from '../../apps/analytics/src/queries/top-customers/top-customers.service.js';
import { RebuildService } from '../../apps/analytics/src/rebuild/rebuild.service.js';
import { eventsOf } from './support/event-script.js';
import { ExpectedFigures, prng, type Timeline, timelineOf } from './support/expected-figures.js';
import { snapshot } from './support/analytics-services.js';
import { analyticsHarness, type AnalyticsHarness } from './support/analytics-harness.js';
import { eventually } from '#test-support/wait.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const ORDERS = 240;
/** Order i's timeline, with lines added later (a new plu and more of an existing one) and item changes of its own. */
function richTimeline(i: number, base: number, rand: () => number): Timeline {
  const t = timelineOf(i, base, 20 * HOUR, rand);
  if (i % 4 === 2)
    t.lines.push(
      { plu: 'P-3', quantity: 2, unitPrice: 4.2, addedAt: t.placedAt + 500 },
      { plu: 'P-1', quantity: 1, unitPrice: t.lines[0].unitPrice, addedAt: t.placedAt + 700 },
    );
  const preparing = t.changes.find((c) => c.to === 'PREPARING');
  if (i % 5 === 0 && preparing) t.itemChanges = [{ plu: 'P-1', to: 'PREPARING', at: preparing.at + 500 }];
  return t;
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

describe('analytics consumer: exact under duplicates, reordering, gaps and redelivery after a restart', () => {
  let h: AnalyticsHarness;

  beforeAll(async () => {
    h = await analyticsHarness('exact', { AMQP_PREFETCH: '32' });
  }, 60_000);
  // dropping a database waits for a checkpoint: slow while the machine writes a lot
  afterAll(() => h?.close(), 120_000);

  const publish = (events: CloudEvent[]) => h.publish(events);
  /** Events in the event store, and events applied to the summaries (the sum over orders of their applied sequence). */
  const drained = async () =>
    (
      await h.sql.query<{ stored: number; applied: number }>(
        `SELECT (SELECT count(*) FROM analytics.order_events)::int AS stored,
                (SELECT coalesce(sum(applied_sequence), 0) FROM analytics.order_state)::int AS applied`,
      )
    ).rows[0]!;

  it('ends with the figures of the timelines, and equal row for row to a rebuild from the event store', async () => {
    const rand = prng(7);
    const base = Math.floor((Date.now() - 3 * DAY) / DAY) * DAY + 13 * HOUR;
    const timelines = Array.from({ length: ORDERS }, (_, i) => richTimeline(i, base, rand));
    const expected = new ExpectedFigures();
    timelines.forEach((t) => expected.add(t));
    const perOrder = timelines.map((t) => eventsOf(randomUUID(), t));
    const all = perOrder.flat();
    expect(all.some((e) => e.type === 'order.items_added')).toBe(true);

    // Every tenth order's first event is held back to the very end: its later events wait behind the gap.
    const heldBack = perOrder.filter((_, i) => i % 10 === 3).map((events) => events[0]);
    const flowing = shuffle(
      all.filter((e) => !heldBack.includes(e)),
      rand,
    );
    const duplicates = shuffle([...all], rand).slice(0, Math.floor(all.length / 4));
    const half = Math.floor(flowing.length / 2);

    await publish(flowing.slice(0, half));
    // Crash with part of it applied and the rest in flight.
    await eventually(async () => (await drained()).stored > 0, 'the first events stored');
    await h.app!.close(); // in-flight deliveries are never acked: the broker redelivers them
    h.app = undefined;
    await publish([...flowing.slice(half), ...duplicates]);
    await h.start();
    await publish(shuffle([...duplicates.slice(0, 50), ...heldBack], rand));

    await eventually(
      async () => expect(await drained()).toEqual({ stored: all.length, applied: all.length }),
      'every event stored and applied',
      60_000,
      200,
    );

    const from = Math.floor(base / DAY) * DAY;
    const to = from + 3 * DAY;
    const round = (v: unknown) =>
      JSON.parse(JSON.stringify(v), (k, x) => (typeof x === 'number' && /average|total/i.test(k) ? Number(x.toFixed(6)) : x));
    const check = async () => {
      expect(round(await h.app!.get(SummaryService).execute({}))).toEqual(round(expected.summary()));
      expect(
        (
          await h
            .app!.get(ThroughputService)
            .execute({ from: new Date(from).toISOString(), to: new Date(to).toISOString(), granularity: 'hour' })
        ).buckets,
      ).toEqual(expected.throughputBuckets(from, to, HOUR));
      for (const scope of ['order', 'item'] as const) {
        const got = await h
          .app!.get(StatusDurationsService)
          .execute({ from: new Date(from).toISOString(), to: new Date(to - 5 * HOUR).toISOString(), scope });
        expect(round(got.statuses)).toEqual(round(expected.statusDurations(from, to - 5 * HOUR, scope)));
      }
      expect(round((await h.app!.get(TopCustomersService).execute({ limit: 1000 })).items)).toEqual(
        round(expected.topCustomers(1000)),
      );
      expect(round(await h.app!.get(GetCustomerService).execute({ customerId: '+358401232' }))).toEqual(
        round(expected.customer('+358401232')),
      );
    };
    await check();

    const incremental = await snapshot(h.sql);
    expect(incremental.customers.length).toBeGreaterThan(0);
    const outcome = await h.app!.get(RebuildService).execute();
    expect(outcome).toMatchObject({ orders: ORDERS, events: all.length });
    expect(await snapshot(h.sql)).toEqual(incremental);
    await check();

    // Nothing left behind: every message was acked, none dead-lettered.
    expect((await h.channel.checkQueue('analytics.events')).messageCount).toBe(0);
    expect((await h.channel.checkQueue('analytics.events.dlq')).messageCount).toBe(0);
  }, 120_000);

  it('dead-letters a body that is not a CloudEvent, and keeps consuming', async () => {
    h.channel.publish('orders.events', 'order.created', Buffer.from('not json at all'), { persistent: true });
    h.channel.publish('orders.events', 'order.created', Buffer.from(JSON.stringify({ type: 'order.created', id: 'x' })), {
      persistent: true,
    });
    await h.channel.waitForConfirms();
    await eventually(
      async () => (await h.channel.checkQueue('analytics.events.dlq')).messageCount >= 2,
      'the malformed messages dead-lettered',
      10_000,
      100,
    );
  });
});
