import { randomUUID } from 'node:crypto';
import type { BrandScope } from '#contracts';
import { analyticsServices, round } from './support/analytics-services.js';
import { eventsOf } from './support/event-script.js';
import { ExpectedFigures, prng, type Timeline, timelineOf } from './support/expected-figures.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const BRANDS = ['brand-a', 'brand-b', 'brand-c'];

/**
 * A caller scoped to brands sees every figure as if only those brands' orders existed: the
 * figures are held against timelines filtered to the scope, with no code shared with the service.
 */
describe('analytics queries within a brand scope', () => {
  let s: Awaited<ReturnType<typeof analyticsServices>>;
  const base = Math.floor((Date.now() - 4 * DAY) / DAY) * DAY + 5 * HOUR;
  const from = Math.floor(base / DAY) * DAY;
  const to = from + 3 * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const timelines: Timeline[] = [];

  beforeAll(async () => {
    s = await analyticsServices('scope');
    const rand = prng(5);
    for (let i = 0; i < 120; i++) {
      const t = timelineOf(i, base, 30 * HOUR, rand);
      t.brandId = BRANDS[i % 3];
      // cust-only-c orders only from brand-c; cust-shared from every brand.
      if (i % 3 === 2 && i % 2 === 0) t.customerKey = 'cust-only-c';
      if (i % 7 === 0) t.customerKey = 'cust-shared';
      timelines.push(t);
    }
    const events = timelines.flatMap((t) => eventsOf(randomUUID(), t));
    for (let i = 0; i < events.length; i += 100) await s.ingest.execute(events.slice(i, i + 100));
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  }, 120_000);

  const expectedWithin = (brands: string[]) => {
    const e = new ExpectedFigures();
    timelines.filter((t) => brands.includes(t.brandId)).forEach((t) => e.add(t));
    return e;
  };

  const figures = async (scope: BrandScope & { brandId?: string }) => ({
    summary: round(await s.summary.execute(scope)),
    hours: (await s.throughput.execute({ ...scope, from: iso(from), to: iso(to), granularity: 'hour' })).buckets,
    days: (await s.throughput.execute({ ...scope, from: iso(from), to: iso(to), granularity: 'day' })).buckets,
    orderDurations: round((await s.durations.execute({ ...scope, from: iso(from), to: iso(to), scope: 'order' })).statuses),
    itemDurations: round((await s.durations.execute({ ...scope, from: iso(from), to: iso(to), scope: 'item' })).statuses),
  });
  const expectedFigures = (e: ExpectedFigures) => ({
    summary: round(e.summary()),
    hours: e.throughputBuckets(from, to, HOUR),
    days: e.throughputBuckets(from, to, DAY),
    orderDurations: round(e.statusDurations(from, to, 'order')),
    itemDurations: round(e.statusDurations(from, to, 'item')),
  });

  it.each([[['brand-a']], [['brand-a', 'brand-b']], [BRANDS]])(
    'summary, throughput and durations cover only %j',
    async (brands) => {
      expect(await figures({ brandIds: brands })).toEqual(expectedFigures(expectedWithin(brands)));
    },
  );

  it('narrows a scope to its brandId filter, covers nothing for a brandId outside it, and everything unscoped', async () => {
    expect(await figures({ brandIds: ['brand-a', 'brand-b'], brandId: 'brand-b' })).toEqual(
      expectedFigures(expectedWithin(['brand-b'])),
    );
    expect(await figures({ brandIds: ['brand-a'], brandId: 'brand-c' })).toEqual(expectedFigures(expectedWithin([])));
    expect(await figures({ brandIds: [] })).toEqual(expectedFigures(expectedWithin([])));
    expect(await figures({})).toEqual(expectedFigures(expectedWithin(BRANDS)));
  });

  it('counts a customer’s lifetime over the scope’s brands only; one with no order there is no such customer', async () => {
    for (const brands of [['brand-a'], ['brand-b', 'brand-c'], BRANDS]) {
      const expected = expectedWithin(brands);
      expect(round((await s.topCustomers.execute({ brandIds: brands, limit: 1000 })).items)).toEqual(
        round(expected.topCustomers(1000)),
      );
      for (const customerId of ['cust-shared', 'cust-only-c', 'cust-1']) {
        expect(round(await s.customer.execute({ brandIds: brands, customerId }))).toEqual(
          round(expected.customer(customerId) ?? null),
        );
      }
    }
    expect(await s.customer.execute({ brandIds: ['brand-a', 'brand-b'], customerId: 'cust-only-c' })).toBeNull();
    expect((await s.topCustomers.execute({ brandIds: ['brand-a'], limit: 1000 })).items.map((c) => c.customerId)).not.toContain(
      'cust-only-c',
    );
    const shared = await s.customer.execute({ brandIds: ['brand-a'], customerId: 'cust-shared' });
    const everywhere = await s.customer.execute({ customerId: 'cust-shared' });
    expect(shared!.orders).toBeGreaterThan(0);
    expect(shared!.orders).toBeLessThan(everywhere!.orders);
  });
});
