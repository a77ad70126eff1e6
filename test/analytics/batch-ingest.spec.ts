import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '#contracts';
import { analyticsServices, round, snapshot } from './support/analytics-services.js';
import { eventsOf } from './support/event-script.js';
import { ExpectedFigures, prng, type Timeline, timelineOf } from './support/expected-figures.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

describe('analytics batches: one transaction for many events, exact whatever a batch holds', () => {
  let s: Awaited<ReturnType<typeof analyticsServices>>;

  beforeAll(async () => {
    s = await analyticsServices('batch');
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  }, 120_000);

  /** Every figure of every query equals what the timelines say. */
  async function expectFigures(expected: ExpectedFigures, from: number, to: number, customers: string[]) {
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(round(await s.summary.execute({}))).toEqual(round(expected.summary()));
    expect((await s.throughput.execute({ from: iso(from), to: iso(to), granularity: 'hour' })).buckets).toEqual(
      expected.throughputBuckets(from, to, HOUR),
    );
    expect((await s.throughput.execute({ from: iso(from), to: iso(to), granularity: 'day' })).buckets).toEqual(
      expected.throughputBuckets(from, to, DAY),
    );
    for (const scope of ['order', 'item'] as const) {
      const got = await s.durations.execute({ from: iso(from), to: iso(to - 5 * HOUR), scope });
      expect(round(got.statuses)).toEqual(round(expected.statusDurations(from, to - 5 * HOUR, scope)));
    }
    expect(round((await s.topCustomers.execute({ limit: 1000 })).items)).toEqual(round(expected.topCustomers(1000)));
    for (const c of customers)
      expect(round(await s.customer.execute({ customerId: c }))).toEqual(round(expected.customer(c) ?? null));
  }

  it('applies batches holding duplicates, several orders and one order’s events out of order, exactly once each', async () => {
    const rand = prng(11);
    const base = Math.floor((Date.now() - 3 * DAY) / DAY) * DAY + 9 * HOUR;
    const timelines: Timeline[] = Array.from({ length: 60 }, (_, i) => timelineOf(i, base, 20 * HOUR, rand));
    const expected = new ExpectedFigures();
    timelines.forEach((t) => expected.add(t));
    const perOrder = timelines.map((t) => eventsOf(randomUUID(), t));
    const all = perOrder.flat();

    // Batches of 1 to 40 events over a shuffled stream with a third of it again: the same event
    // twice in one batch, an order's later events in the batch before its first, and a batch
    // made only of events already applied.
    const stream = shuffle([...all, ...shuffle([...all], rand).slice(0, Math.floor(all.length / 3))], rand);
    const batches: CloudEvent[][] = [];
    for (let i = 0; i < stream.length;) {
      const size = 1 + Math.floor(rand() * 40);
      batches.push(stream.slice(i, i + size));
      i += size;
    }
    const reversedOrder = [...perOrder[0]].reverse();
    batches.splice(1, 0, [...reversedOrder, reversedOrder[0], ...perOrder[1]]);
    batches.push([...perOrder[2], ...perOrder[2]]);
    expect(batches.some((b) => new Set(b.map((e) => e.id)).size < b.length)).toBe(true);

    let stored = 0;
    for (const batch of batches) stored += (await s.ingest.execute(batch)).stored;
    expect(stored).toBe(all.length);
    const { rows } = await s.sql.query(`SELECT coalesce(sum(applied_sequence), 0)::int AS applied FROM analytics.order_state`);
    expect(rows[0].applied).toBe(all.length);

    const from = Math.floor(base / DAY) * DAY;
    const customers = ['+358401230', 'cust-1', 'cust-22'];
    await expectFigures(expected, from, from + 3 * DAY, customers);
    const incremental = await snapshot(s.sql);
    await s.rebuild.execute();
    expect(await snapshot(s.sql)).toEqual(incremental);
    await expectFigures(expected, from, from + 3 * DAY, customers);
  }, 60_000);

  it('holds sums far beyond 64 bits: orders of 200 lines of 10,000 at 1,000,000,000, and valid ones at the total cap', async () => {
    await s.sql.query(`TRUNCATE analytics.order_events, analytics.order_state, analytics.throughput,
      analytics.status_durations, analytics.punctuality, analytics.status_counts, analytics.processing, analytics.customers,
      analytics.customer_brands`);
    const placedAt = Date.UTC(2025, 5, 1, 12);
    const huge = (i: number): Timeline => ({
      brandId: 'brand-big',
      customerKey: 'cust-whale',
      placedAt: placedAt + i * 1000,
      lines: Array.from({ length: 200 }, (_, n) => ({ plu: `P-${n}`, quantity: 10_000, unitPrice: 1_000_000_000 })),
      changes: [],
    });
    const capped = (i: number): Timeline => ({
      brandId: 'brand-big',
      customerKey: 'cust-capped',
      placedAt: placedAt + i * 1000,
      lines: [{ plu: 'P-1', quantity: 3, unitPrice: 333_333_333.3333 }],
      changes: [],
    });
    const events = [
      ...Array.from({ length: 20 }, (_, i) => eventsOf(randomUUID(), huge(i))),
      ...Array.from({ length: 10_000 }, (_, i) => eventsOf(randomUUID(), capped(i))),
    ].flat();
    for (let i = 0; i < events.length; i += 500) await s.ingest.execute(events.slice(i, i + 500));

    // 20 x 200 x 10,000 x 1e9 = 4e16; 10,000 x 999,999,999.9999 = 9,999,999,999,999 (exact to the cent's hundredth).
    const whale = await s.customer.execute({ customerId: 'cust-whale' });
    expect(whale).toMatchObject({ orders: 20, totalAmount: 4e16 });
    const { rows } = await s.sql.query(`SELECT customer_key, total_micro::text AS micro FROM analytics.customers ORDER BY 1`);
    expect(rows).toEqual([
      { customer_key: 'cust-capped', micro: '9999999999999000000' },
      { customer_key: 'cust-whale', micro: '40000000000000000000000' },
    ]);
    expect((await s.customer.execute({ customerId: 'cust-capped' }))?.totalAmount).toBe(9_999_999_999_999);
    const top = await s.topCustomers.execute({ limit: 10 });
    expect(top.items.map((c) => [c.customerId, typeof c.totalAmount])).toEqual([
      ['cust-capped', 'number'],
      ['cust-whale', 'number'],
    ]);
    expect((await s.summary.execute({})).ordersByStatus.PLACED).toBe(10_020);

    const incremental = await snapshot(s.sql);
    await s.rebuild.execute();
    expect(await snapshot(s.sql)).toEqual(incremental);
  }, 120_000);
});
