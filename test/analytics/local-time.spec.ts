/// <reference lib="esnext.temporal" />
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ThroughputBucket } from '#contracts';
import { ProjectionUpgradeService } from '../../apps/analytics/src/projection/projection-upgrade.service.js';
import {
  type Contribution,
  contributionOf,
  contiguousPrefix,
  type Facts,
  serializeContribution,
  type StoredEvent,
} from '../../apps/analytics/src/domain/order-contribution.js';
import { analyticsServices, round, snapshot } from './support/analytics-services.js';
import { eventsOf } from './support/event-script.js';
import { ExpectedFigures, prng, type Timeline, timelineOf } from './support/expected-figures.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const counters = (b: ThroughputBucket) => ({
  placed: b.placed,
  pickedUp: b.pickedUp,
  rejected: b.rejected,
  cancelled: b.cancelled,
});
const total = (rows: ReturnType<typeof counters>[]) =>
  rows.reduce((s, r) => ({
    placed: s.placed + r.placed,
    pickedUp: s.pickedUp + r.pickedUp,
    rejected: s.rejected + r.rejected,
    cancelled: s.cancelled + r.cancelled,
  }));

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Orders around Helsinki's DST changes of 2026 and across ten days seen from Kolkata and Kathmandu,
 * applied in shuffled batches with duplicates; every local figure is held against a recomputation
 * from the raw timelines with fixed offsets, sharing no code with the service.
 */
describe('analytics in local time: exact in every zone', () => {
  let s: Awaited<ReturnType<typeof analyticsServices>>;
  const expected = new ExpectedFigures();

  beforeAll(async () => {
    s = await analyticsServices('localtime');
    const rand = prng(21);
    const windows = [
      [at('2026-03-28T20:00:00Z'), 28 * HOUR, 120],
      [at('2026-10-24T20:00:00Z'), 30 * HOUR, 120],
      [at('2026-03-02T00:00:00Z'), 10 * DAY, 240],
    ] as const;
    const timelines: Timeline[] = windows.flatMap(([base, span, n]) =>
      Array.from({ length: n }, (_, i) => timelineOf(i, base, span, rand)),
    );
    timelines.forEach((t) => expected.add(t));
    const events = shuffle(
      timelines.flatMap((t) => eventsOf(randomUUID(), t)),
      rand,
    );
    const withDuplicates = [...events, ...events.slice(0, 200)];
    for (let i = 0; i < withDuplicates.length; i += 97) await s.ingest.execute(withDuplicates.slice(i, i + 97));
  }, 120_000);
  afterAll(() => s?.close(), 120_000);

  const throughput = (from: number, to: number, granularity: 'hour' | 'day' | 'week' | 'month', tz: string) =>
    s.throughput.execute({ from: iso(from), to: iso(to), granularity, tz });

  it.each([
    ['2026-03-29', 23, at('2026-03-28T22:00:00Z'), at('2026-03-29T21:00:00Z'), '+02:00', '+03:00'],
    ['2026-10-25', 25, at('2026-10-24T21:00:00Z'), at('2026-10-25T22:00:00Z'), '+03:00', '+02:00'],
  ])(
    'Europe/Helsinki %s: %i hour buckets, summing to the UTC figures of the same instants',
    async (_, n, from, to, first, last) => {
      const local = await throughput(from, to, 'hour', 'Europe/Helsinki');
      expect(local.tz).toBe('Europe/Helsinki');
      expect(local.buckets).toHaveLength(n);
      expect(local.buckets[0].localStart.slice(-6)).toBe(first);
      expect(local.buckets[n - 1].localStart.slice(-6)).toBe(last);
      expect(new Set(local.buckets.map((b) => b.start)).size).toBe(n);
      const utc = await throughput(from, to, 'hour', 'UTC');
      expect(utc.buckets[0].localStart).toBe(utc.buckets[0].start.replace('Z', '+00:00'));
      expect(local.buckets.map(counters)).toEqual(utc.buckets.map(counters)); // whole-hour offsets: the same hours
      expect(total(local.buckets.map(counters)).placed).toBeGreaterThan(0);
      const day = await throughput(from, to, 'day', 'Europe/Helsinki');
      expect(day.buckets).toHaveLength(1);
      expect(counters(day.buckets[0])).toEqual(total(utc.buckets.map(counters)));
      expect(local.buckets.map(counters)).toEqual(expected.countsIn([...local.buckets.map((b) => at(b.start)), to]));
    },
  );

  it.each([
    ['Asia/Kolkata', 330],
    ['Asia/Kathmandu', 345],
  ])('%s days, and hours, equal a recomputation from the raw history', async (tz, offsetMinutes) => {
    const first = at('2026-03-02T00:00:00Z') - offsetMinutes * MIN;
    const edges = Array.from({ length: 12 }, (_, i) => first + i * DAY);
    const days = await throughput(edges[0], edges[11], 'day', tz);
    expect(days.buckets.map((b) => b.start)).toEqual(edges.slice(0, -1).map(iso));
    expect(days.buckets[0].localStart).toBe(`2026-03-02T00:00:00.000+0${offsetMinutes === 330 ? '5:30' : '5:45'}`);
    expect(days.buckets.map(counters)).toEqual(expected.countsIn(edges));
    const hourEdges = Array.from({ length: 49 }, (_, i) => edges[3] + i * HOUR);
    const hours = await throughput(hourEdges[0], hourEdges[48], 'hour', tz);
    expect(hours.buckets.map(counters)).toEqual(expected.countsIn(hourEdges));
    expect(total(days.buckets.map(counters)).placed).toBeGreaterThan(200);
  });

  it('weeks start on Monday 00:00 local, and their figures equal the raw history', async () => {
    const tz = 'Asia/Kathmandu';
    const from = at('2026-02-23T00:00:00Z') - 345 * MIN; // a Monday
    const weeks = await throughput(from, from + 3 * 7 * DAY, 'week', tz);
    expect(weeks.buckets).toHaveLength(3);
    for (const b of weeks.buckets) {
      expect(Temporal.PlainDate.from(b.localStart.slice(0, 10)).dayOfWeek).toBe(1);
      expect(b.localStart.slice(10)).toBe('T00:00:00.000+05:45');
    }
    expect(weeks.buckets.map(counters)).toEqual(expected.countsIn([0, 1, 2, 3].map((i) => from + i * 7 * DAY)));
    const months = await throughput(at('2026-02-28T18:15:00Z'), at('2026-03-31T18:15:00Z'), 'month', tz);
    expect(months.buckets.map(counters)).toEqual(expected.countsIn([at('2026-02-28T18:15:00Z'), at('2026-03-31T18:15:00Z')]));
  });

  it('status durations count in the local hour their status was left (Kathmandu, Kolkata, Helsinki)', async () => {
    for (const [tz, from, to] of [
      ['Asia/Kathmandu', at('2026-03-03T04:15:00Z'), at('2026-03-08T13:15:00Z')],
      ['Asia/Kolkata', at('2026-03-02T18:30:00Z'), at('2026-03-04T05:30:00Z')],
      ['Europe/Helsinki', at('2026-10-24T21:00:00Z'), at('2026-10-25T22:00:00Z')],
    ] as const) {
      for (const scope of ['order', 'item'] as const) {
        const got = await s.durations.execute({ from: iso(from), to: iso(to), tz, scope });
        expect(got.tz).toBe(tz);
        expect(round(got.statuses)).toEqual(round(expected.durationsLeftIn(from, to, scope)));
      }
    }
  });

  it('punctuality in local days and hours (Kathmandu) and UTC hours equals the raw history', async () => {
    const tz = 'Asia/Kathmandu';
    const first = at('2026-03-02T00:00:00Z') - 345 * MIN;
    const edges = Array.from({ length: 12 }, (_, i) => first + i * DAY);
    const punctuality = (from: number, to: number, granularity: 'hour' | 'day', zone: string) =>
      s.punctuality.execute({ from: iso(from), to: iso(to), granularity, tz: zone });
    const days = await punctuality(edges[0], edges[11], 'day', tz);
    expect(days.tz).toBe(tz);
    expect(days.buckets.map((b) => b.start)).toEqual(edges.slice(0, -1).map(iso));
    const figures = ({ start: _s, localStart: _l, ...rest }: (typeof days.buckets)[number]) => rest;
    expect(round(days.buckets.map(figures))).toEqual(round(expected.punctualityIn(edges)));
    const hourEdges = Array.from({ length: 49 }, (_, i) => edges[3] + i * HOUR);
    const hours = await punctuality(hourEdges[0], hourEdges[48], 'hour', tz);
    expect(round(hours.buckets.map(figures))).toEqual(round(expected.punctualityIn(hourEdges)));
    const utcEdges = Array.from({ length: 49 }, (_, i) => at('2026-03-04T00:00:00Z') + i * HOUR);
    const utc = await punctuality(utcEdges[0], utcEdges[48], 'hour', 'UTC');
    expect(round(utc.buckets.map(figures))).toEqual(round(expected.punctualityIn(utcEdges)));
    const all = days.buckets.reduce((sum, b) => ({ late: sum.late + b.late, onTime: sum.onTime + b.onTime }), {
      late: 0,
      onTime: 0,
    });
    expect(all.late).toBeGreaterThan(10);
    expect(all.onTime).toBeGreaterThan(10);
  });

  it('orders projected before punctuality was kept get exactly their punctuality after the upgrade', async () => {
    const before = await snapshot(s.sql);
    expect(before.punctuality.length).toBeGreaterThan(0);
    await s.sql.query(`DELETE FROM analytics.punctuality`);
    await storeEarlierShape(s.sql, 2, (c) => ({ ...c, punctuality: {} }));
    const upgrade = new ProjectionUpgradeService(s.ds);
    expect(await upgrade.run()).toBe(480);
    expect(await snapshot(s.sql)).toEqual(before);
  });

  it('orders projected before quarter hours were kept get exactly their quarter hours after the upgrade', async () => {
    const before = await snapshot(s.sql);
    // What the earlier version left: no quarter-hour rows nor keys, projection 1.
    await s.sql.query(`DELETE FROM analytics.throughput WHERE grain = 'q'`);
    await s.sql.query(`DELETE FROM analytics.status_durations WHERE grain = 'q'`);
    const hoursAndDays = (facts: Facts) => Object.fromEntries(Object.entries(facts).filter(([k]) => !k.startsWith('["q"')));
    await storeEarlierShape(s.sql, 1, (c) => ({
      ...c,
      throughput: hoursAndDays(c.throughput),
      durations: hoursAndDays(c.durations),
    }));
    const upgrade = new ProjectionUpgradeService(s.ds);
    expect(await upgrade.run()).toBe(480);
    expect(await snapshot(s.sql)).toEqual(before);
    expect(await upgrade.run()).toBe(0);
  });

  it('a rebuild gives the same rows, quarter hours included', async () => {
    const before = await snapshot(s.sql);
    expect(before.throughput.some((r) => String(r).includes('"grain":"q"'))).toBe(true);
    await s.rebuild.execute();
    expect(await snapshot(s.sql)).toEqual(before);
  });
});

/**
 * What an earlier version left in `order_state`: each order's whole contribution, of the shape that
 * version kept (`shape`), under its projection number.
 */
async function storeEarlierShape(sql: pg.Client, projection: number, shape: (c: Contribution) => Contribution) {
  const { rows } = await sql.query<StoredEvent & { order_id: string }>(
    `SELECT order_id, sequence, type, to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS time, data
     FROM analytics.order_events ORDER BY order_id, sequence, event_id`,
  );
  const events = new Map<string, StoredEvent[]>();
  for (const row of rows) (events.get(row.order_id) ?? events.set(row.order_id, []).get(row.order_id)!).push(row);
  const ids = [...events.keys()];
  const stored = ids.map((id) => serializeContribution(shape(contributionOf(contiguousPrefix(events.get(id)!)))));
  await sql.query(
    `UPDATE analytics.order_state s SET contribution = u.c, projection = $3
     FROM unnest($1::text[], $2::jsonb[]) AS u(id, c) WHERE s.order_id = u.id`,
    [ids, stored, projection],
  );
}
