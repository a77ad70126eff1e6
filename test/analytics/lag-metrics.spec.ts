import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { CloudEvent } from '#contracts';
import { PUBLISHED_AT_HEADER, QueueDepthProbe } from '#messaging';
import { analyticsHarness, type AnalyticsHarness } from './support/analytics-harness.js';
import { eventsOf } from './support/event-script.js';
import { prng, timelineOf } from './support/expected-figures.js';
import { eventually } from '#test-support/wait.js';

const DAY = 86_400_000;
const IMPORTED_HISTORY = Date.parse('2021-07-01T00:00:00Z');

/** The consumer applies on its own clock: allow it a minute. */
const until = (what: string, check: () => Promise<boolean>) => eventually(check, what, 60_000, 50);

/** Lag and backlog as an operator's alerts read them: from the service's /metrics. */
describe('analytics lag and pending events', () => {
  let h: AnalyticsHarness;
  let blocker: pg.Client;

  beforeAll(async () => {
    h = await analyticsHarness('lag');
    blocker = new pg.Client({ connectionString: h.db.url });
    await blocker.connect();
  }, 60_000);
  afterAll(async () => {
    await blocker?.query('ROLLBACK').catch(() => {});
    await blocker?.end().catch(() => {});
    await h?.close();
  }, 120_000);

  const scrape = async (): Promise<Map<string, number>> => {
    const { port } = h.app!.getHttpServer().address() as AddressInfo;
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return new Map(
      text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]),
    );
  };

  const publish = async (events: CloudEvent[], publishedAt: number) => {
    for (const e of events) {
      h.channel.publish('orders.events', e.type, Buffer.from(JSON.stringify(e)), {
        persistent: true,
        contentType: 'application/json',
        messageId: e.id,
        headers: { [PUBLISHED_AT_HEADER]: publishedAt },
      });
    }
    await h.channel.waitForConfirms();
  };

  const ordersOf = (count: number, base: number) => {
    const rand = prng(count);
    return Array.from({ length: count }, (_, i) => eventsOf(randomUUID(), timelineOf(i, base, DAY, rand))).flat();
  };

  const applied = async () =>
    (await h.sql.query(`SELECT coalesce(sum(applied_sequence), 0)::int AS n FROM analytics.order_state`)).rows[0].n as number;

  it('is 0 while idle, however old the applied events are (imported history is not late)', async () => {
    const events = ordersOf(5, IMPORTED_HISTORY);
    await publish(events, Date.now());
    await until('every event applied and nothing pending', async () => {
      const m = await scrape();
      return (await applied()) === events.length && m.get('analytics_pending_events') === 0;
    });
    const m = await scrape();
    expect(m.get('analytics_lag_seconds')).toBe(0);
    expect(m.get('analytics_pending_events')).toBe(0);
  });

  it('counts events still in the broker and in the stuck batch, and ages from publication; both 0 once applied', async () => {
    const before = await applied();
    // More events than the consumer's prefetch (512), so some stay ready in the broker.
    const events = ordersOf(150, Date.now() - DAY);
    expect(events.length).toBeGreaterThan(512);
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE analytics.status_counts IN EXCLUSIVE MODE');
    await publish(events, Date.now() - 120_000);
    await until('every event pending', async () => (await scrape()).get('analytics_pending_events') === events.length);
    expect((await h.channel.checkQueue('analytics.events')).messageCount).toBeGreaterThan(0);
    expect((await scrape()).get('analytics_lag_seconds')).toBeGreaterThanOrEqual(120);

    await blocker.query('ROLLBACK');
    await until('every event applied and nothing pending', async () => {
      const m = await scrape();
      return (await applied()) === before + events.length && m.get('analytics_pending_events') === 0;
    });
    expect((await scrape()).get('analytics_lag_seconds')).toBe(0);
  });

  it('reports what waits in its dead-letter queue', async () => {
    const series = 'messaging_dead_letter_messages{queue="analytics.events.dlq"}';
    expect((await scrape()).get(series)).toBe(0);
    h.channel.sendToQueue('analytics.events.dlq', Buffer.from('{}'), { persistent: true });
    await h.channel.waitForConfirms();
    await until('the dead letter counted', async () => (await scrape()).get(series) === 1);
    await h.channel.purgeQueue('analytics.events.dlq');
    expect((await scrape()).get(series)).toBe(0);
  });

  it('survives a check of a queue that is missing: it fails alone, and the next check answers', async () => {
    const probe = h.app!.get(QueueDepthProbe);
    await expect(probe.ready('no-such-queue')).rejects.toThrow(/NOT_FOUND|404/);
    expect(await probe.ready('analytics.events.dlq')).toBe(0);
    expect((await scrape()).get('service_ready')).toBe(1);
  });
});
