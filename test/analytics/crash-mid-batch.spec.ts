import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { CloudEvent } from '#contracts';
import { RebuildService } from '../../apps/analytics/src/rebuild/rebuild.service.js';
import { SummaryService } from '../../apps/analytics/src/queries/summary/summary.service.js';
import { TopCustomersService } from '../../apps/analytics/src/queries/top-customers/top-customers.service.js';
import { round, snapshot } from './support/analytics-services.js';
import { eventsOf } from './support/event-script.js';
import { ExpectedFigures, prng, timelineOf } from './support/expected-figures.js';
import { analyticsHarness, type AnalyticsHarness } from './support/analytics-harness.js';
import { eventually } from '#test-support/wait.js';

const DAY = 86_400_000;

/** The consumer applies on its own clock: allow it a minute. */
const until = (what: string, check: () => Promise<boolean>) => eventually(check, what, 60_000, 50);

/**
 * The consumer dies with a batch inside its transaction: a lock held by the test keeps the batch
 * from committing, then the service stops and its database sessions are killed. Nothing of the
 * batch may be visible, every event must be back in the queue, and the next consumer must count
 * each exactly once.
 */
describe('analytics consumer: a batch cut off before its commit', () => {
  let h: AnalyticsHarness;
  let blocker: pg.Client;

  beforeAll(async () => {
    h = await analyticsHarness('crash');
    blocker = new pg.Client({ connectionString: h.db.url });
    await blocker.connect();
  }, 60_000);
  afterAll(async () => {
    await blocker?.end().catch(() => {});
    await h?.close();
  }, 120_000);

  it('leaves nothing behind, gets every event redelivered, and ends exact', async () => {
    const rand = prng(3);
    const base = Math.floor((Date.now() - 2 * DAY) / DAY) * DAY;
    const timelines = Array.from({ length: 40 }, (_, i) => timelineOf(i, base, DAY, rand));
    const expected = new ExpectedFigures();
    timelines.forEach((t) => expected.add(t));
    const events: CloudEvent[] = timelines.flatMap((t) => eventsOf(randomUUID(), t));

    // Summary upserts wait on this lock, after the batch stored its events and locked its orders.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE analytics.status_counts IN EXCLUSIVE MODE');
    await h.publish(events);
    const waitingOnLock = `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'oms-analytics' AND wait_event_type = 'Lock'`;
    await until('a batch waiting inside its transaction', async () => (await h.sql.query(waitingOnLock)).rows[0].n > 0);

    const closing = h.app!.close();
    h.app = undefined;
    await until('the consumer to stop', async () => (await h.channel.checkQueue('analytics.events')).consumerCount === 0);
    await h.sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'oms-analytics'`);
    await closing;
    await blocker.query('ROLLBACK');

    const { rows } = await h.sql.query(`SELECT (SELECT count(*) FROM analytics.order_events)::int AS events,
      (SELECT count(*) FROM analytics.order_state)::int AS orders, (SELECT count(*) FROM analytics.throughput)::int AS buckets`);
    expect(rows[0]).toEqual({ events: 0, orders: 0, buckets: 0 });
    expect((await h.channel.checkQueue('analytics.events')).messageCount).toBe(events.length);

    await h.start();
    await until('every event applied', async () => {
      const { rows: r } = await h.sql.query(`SELECT coalesce(sum(applied_sequence), 0)::int AS n FROM analytics.order_state`);
      return r[0].n === events.length;
    });
    expect(round(await h.app!.get(SummaryService).execute({}))).toEqual(round(expected.summary()));
    expect(round((await h.app!.get(TopCustomersService).execute({ limit: 1000 })).items)).toEqual(
      round(expected.topCustomers(1000)),
    );
    const incremental = await snapshot(h.sql);
    await h.app!.get(RebuildService).execute();
    expect(await snapshot(h.sql)).toEqual(incremental);
    expect((await h.channel.checkQueue('analytics.events.dlq')).messageCount).toBe(0);
  }, 120_000);
});
