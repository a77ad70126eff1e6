import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { CloudEvent } from '#contracts';
import { SummaryService } from '../../apps/analytics/src/queries/summary/summary.service.js';
import { round } from './support/analytics-services.js';
import { eventsOf } from './support/event-script.js';
import { ExpectedFigures, prng, timelineOf } from './support/expected-figures.js';
import { analyticsHarness, type AnalyticsHarness } from './support/analytics-harness.js';
import { eventually } from '#test-support/wait.js';

const DAY = 86_400_000;

const until = (what: string, check: () => Promise<boolean>) => eventually(check, what, 60_000, 50);

/**
 * Two batches in flight, the later one committing first: it may not be acked before the earlier
 * one is settled, nor with a `multiple` ack once the earlier one is left unacked, or it would
 * settle the earlier batch's deliveries, unapplied.
 */
describe('analytics consumer: a batch that commits before the one ahead of it', () => {
  let h: AnalyticsHarness;
  let blocker: pg.Client;

  beforeAll(async () => {
    h = await analyticsHarness('inflight');
    blocker = new pg.Client({ connectionString: h.db.url });
    await blocker.connect();
  }, 60_000);
  afterAll(async () => {
    await blocker?.end().catch(() => {});
    await h?.close();
  }, 120_000);

  it('is applied meanwhile, acks only its own deliveries, and every event counts once in the end', async () => {
    const rand = prng(5);
    const base = Math.floor((Date.now() - 2 * DAY) / DAY) * DAY;
    const timelines = Array.from({ length: 21 }, (_, i) => timelineOf(i, base, DAY, rand));
    const expected = new ExpectedFigures();
    timelines.forEach((t) => expected.add(t));
    const perOrder = timelines.map((t) => eventsOf(randomUUID(), t));
    const held = perOrder.find((events) => events.length >= 3)!;
    const heldOrder = held[0].subject;
    const later: CloudEvent[] = perOrder.filter((events) => events !== held).flat();

    await h.publish(held.slice(0, 1));
    const applied = `SELECT coalesce(sum(applied_sequence), 0)::int AS n FROM analytics.order_state`;
    await until('the first event applied', async () => (await h.sql.query(applied)).rows[0].n === 1);

    // The earlier batch stores its events, then waits for this order's state row.
    await blocker.query('BEGIN');
    await blocker.query('SELECT 1 FROM analytics.order_state WHERE order_id = $1 FOR UPDATE', [heldOrder]);
    await h.publish(held.slice(1));
    const waitingOnLock = `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'oms-analytics' AND wait_event_type = 'Lock'`;
    await until('the earlier batch waiting for the order', async () => (await h.sql.query(waitingOnLock)).rows[0].n > 0);

    await h.publish(later);
    const stored = `SELECT count(*)::int AS n FROM analytics.order_events`;
    await until('the later batch committed', async () => (await h.sql.query(stored)).rows[0].n === 1 + later.length);
    expect((await h.sql.query(applied)).rows[0].n).toBe(1 + later.length);

    const closing = h.app!.close();
    h.app = undefined;
    await until('the consumer to stop', async () => (await h.channel.checkQueue('analytics.events')).consumerCount === 0);
    await h.sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'oms-analytics'`);
    await closing;
    await blocker.query('ROLLBACK');

    // The earlier batch's events come back. The later batch, committed, was acked once the earlier one
    // was left unsettled, each delivery alone: a `multiple` ack would have settled the earlier ones too.
    expect((await h.channel.checkQueue('analytics.events')).messageCount).toBe(held.length - 1);

    await h.start();
    const all = held.length + later.length;
    await until('every event applied', async () => (await h.sql.query(applied)).rows[0].n === all);
    expect((await h.sql.query(stored)).rows[0].n).toBe(all);
    expect(round(await h.app!.get(SummaryService).execute({}))).toEqual(round(expected.summary()));
    expect((await h.channel.checkQueue('analytics.events.dlq')).messageCount).toBe(0);
  }, 120_000);
});
