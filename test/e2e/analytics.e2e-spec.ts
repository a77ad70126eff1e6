import request from 'supertest';
import { asCsvCells, parseCsv } from '#test-support/csv.js';
import { type OwnStack, startStackOfItsOwn } from '#test-support/own-stack.js';
import { eventually } from '#test-support/wait.js';
import { ExpectedFigures, prng, type Timeline, timelineOf } from '../analytics/support/expected-figures.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const ORDERS = 300;
const IN_FLIGHT = 16;

/** Averages and amounts to 6 decimals: the service divides integer sums, the test sums doubles. */
const norm = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (key, v) =>
    /^average|^totalAmount$/.test(key) && typeof v === 'number' ? Number(v.toFixed(6)) : v,
  );

/**
 * A few hundred orders with known timestamps go in through the backfill over HTTP; every analytics
 * endpoint must then answer exactly what the timestamps say (CONTRACT section 5), before and
 * after a rebuild. A stack of its own, so no other suite's orders are counted.
 */
describe('analytics over HTTP, figures from known timestamps', () => {
  let stack: OwnStack;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const expected = new ExpectedFigures();
  const base = Math.floor((Date.now() - 5 * DAY) / DAY) * DAY + 7 * HOUR;
  const timelines: Timeline[] = [];
  const run = Date.now().toString(36);

  beforeAll(async () => {
    stack = await startStackOfItsOwn('analytics');
    const rand = prng(42);
    for (let i = 0; i < ORDERS; i++) timelines.push(timelineOf(i, base, 30 * HOUR, rand));
    timelines.forEach((t) => expected.add(t));
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  }, 120_000); // dropping a database waits for a checkpoint: slow while the machine writes a lot

  async function backfill(t: Timeline, i: number): Promise<void> {
    const n = i % 10 === 0;
    const created = await api()
      .post('/v1/orders')
      .set(auth('admin'))
      .send({
        channelOrderId: `AN-${run}-${i}`,
        brandId: t.brandId,
        deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1', postalCode: '00100' },
        customer: n
          ? { name: 'Phone Only', phoneNumber: `+358 40-123 ${i % 4}` }
          : { id: t.customerKey, name: `Customer ${t.customerKey}` },
        items: t.lines.map((l) => ({
          plu: l.plu,
          name: `Item ${l.plu}`,
          quantity: l.quantity,
          ...(l.unitPrice === undefined ? {} : { unitPrice: l.unitPrice }),
        })),
        placedAt: new Date(t.placedAt).toISOString(),
      });
    expect(created.status).toBe(201);
    for (const c of t.changes) {
      // The promise set on acceptance is prepMinutes after it; one made later is a move of the promised time.
      const promise = t.promises?.find((p) => p.at === c.at);
      const prepMinutes = c.to === 'ACCEPTED' && promise ? { prepMinutes: (promise.promisedReadyAt - c.at) / 60_000 } : {};
      const res = await api()
        .patch(`/v1/orders/${created.body.id}/status`)
        .set(auth('internal'))
        .send({ status: c.to, at: new Date(c.at).toISOString(), ...prepMinutes });
      expect(res.status).toBe(200);
      if (promise && c.to !== 'ACCEPTED') {
        const moved = await api()
          .patch(`/v1/orders/${created.body.id}/promised-time`)
          .set(auth('internal'))
          .send({ promisedReadyAt: new Date(promise.promisedReadyAt).toISOString() });
        expect(moved.status).toBe(200);
      }
    }
  }

  const get = async (path: string, role = 'analyst') => {
    const res = await api().get(path).set(auth(role));
    expect(res.status).toBe(200);
    return norm(res.body);
  };

  const hourFrom = Math.floor(base / HOUR) * HOUR;
  const lastAt = () => Math.max(...timelines.flatMap((t) => [t.placedAt, ...t.changes.map((c) => c.at)]));
  const iso = (ms: number) => new Date(ms).toISOString();

  async function expectEveryEndpoint(): Promise<void> {
    const hourTo = Math.floor(lastAt() / HOUR) * HOUR + HOUR;
    const dayFrom = Math.floor(base / DAY) * DAY;
    const dayTo = Math.floor(lastAt() / DAY) * DAY + DAY;
    expect(await get('/v1/analytics/summary')).toEqual(norm(expected.summary()));
    for (const brand of ['brand-north', 'brand-south']) {
      expect(await get(`/v1/analytics/summary?brandId=${brand}`)).toEqual(norm(expected.summary(brand)));
      expect(await get(`/v1/analytics/throughput?from=${iso(hourFrom)}&to=${iso(hourTo)}&brandId=${brand}`)).toEqual({
        granularity: 'hour',
        tz: 'UTC',
        buckets: expected.throughputBuckets(hourFrom, hourTo, HOUR, brand),
      });
      expect(
        await get(`/v1/analytics/status-durations?from=${iso(hourFrom)}&to=${iso(hourTo)}&scope=item&brandId=${brand}`),
      ).toEqual(
        norm({
          from: iso(hourFrom),
          to: iso(hourTo),
          tz: 'UTC',
          scope: 'item',
          statuses: expected.statusDurations(hourFrom, hourTo, 'item', brand),
        }),
      );
    }
    expect(await get(`/v1/analytics/throughput?from=${iso(hourFrom)}&to=${iso(hourTo)}`)).toEqual({
      granularity: 'hour',
      tz: 'UTC',
      buckets: expected.throughputBuckets(hourFrom, hourTo, HOUR),
    });
    expect(await get(`/v1/analytics/throughput?from=${iso(dayFrom)}&to=${iso(dayTo)}&granularity=day`, 'admin')).toEqual({
      granularity: 'day',
      tz: 'UTC',
      buckets: expected.throughputBuckets(dayFrom, dayTo, DAY),
    });
    // The whole range (days and ragged hours), and a window of a few hours in the middle.
    for (const [from, to] of [
      [dayFrom, dayTo],
      [hourFrom + 5 * HOUR, hourFrom + 9 * HOUR],
      [hourFrom + 17 * HOUR, dayFrom + DAY + 3 * HOUR],
    ]) {
      for (const scope of ['order', 'item'] as const) {
        expect(await get(`/v1/analytics/status-durations?from=${iso(from)}&to=${iso(to)}&scope=${scope}`)).toEqual(
          norm({ from: iso(from), to: iso(to), tz: 'UTC', scope, statuses: expected.statusDurations(from, to, scope) }),
        );
      }
    }
    const punctuality = (from: number, to: number, size: number, brand?: string) => {
      const edges = Array.from({ length: (to - from) / size + 1 }, (_, i) => from + i * size);
      return norm({
        granularity: size === HOUR ? 'hour' : 'day',
        tz: 'UTC',
        buckets: expected.punctualityIn(edges, brand).map((figures, i) => ({
          start: iso(edges[i]),
          localStart: iso(edges[i]).replace('Z', '+00:00'),
          ...figures,
        })),
      });
    };
    expect(await get(`/v1/analytics/punctuality?from=${iso(hourFrom)}&to=${iso(hourTo)}`)).toEqual(
      punctuality(hourFrom, hourTo, HOUR),
    );
    expect(
      await get(`/v1/analytics/punctuality?from=${iso(dayFrom)}&to=${iso(dayTo)}&granularity=day&brandId=brand-north`),
    ).toEqual(punctuality(dayFrom, dayTo, DAY, 'brand-north'));
    expect(await get('/v1/analytics/customers?limit=5')).toEqual(norm({ items: expected.topCustomers(5) }));
    expect(await get('/v1/analytics/customers')).toEqual(norm({ items: expected.topCustomers(100) }));
    for (const key of expected.customers.keys()) {
      expect(await get(`/v1/analytics/customers/${encodeURIComponent(key)}`)).toEqual(norm(expected.customer(key)));
    }
    const unknown = await api().get('/v1/analytics/customers/nobody-at-all').set(auth('analyst'));
    expect(unknown.status).toBe(404);
  }

  it(`backfills ${ORDERS} orders, ${IN_FLIGHT} at a time, and every endpoint answers the figures of their timestamps`, async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < timelines.length) {
          const i = next++;
          await backfill(timelines[i], i);
        }
      }),
    );
    // The consumer drains on its own: compare until the figures hold, or fail with the last difference.
    await eventually(expectEveryEndpoint, 'every endpoint answering the expected figures', 60_000, 250);
  }, 180_000);

  it('answers the same after POST /v1/analytics/rebuild', async () => {
    const res = await api().post('/v1/analytics/rebuild').set(auth('admin'));
    expect(res.status).toBe(200);
    expect(res.body.orders).toBe(ORDERS);
    await expectEveryEndpoint();
  }, 60_000);

  it('answers CSV equal to its JSON row for row, in a zone a quarter hour off UTC too', async () => {
    const dayFrom = Math.floor(base / DAY) * DAY - 345 * 60_000; // midnight in Asia/Kathmandu
    const range = `from=${iso(dayFrom)}&to=${iso(dayFrom + 3 * DAY)}&tz=Asia/Kathmandu`;
    for (const [path, member] of [
      [`/v1/analytics/throughput?${range}&granularity=day`, 'buckets'],
      [`/v1/analytics/throughput?${range}`, 'buckets'],
      [`/v1/analytics/status-durations?${range}&scope=item`, 'statuses'],
      [`/v1/analytics/punctuality?${range}&granularity=day`, 'buckets'],
      ['/v1/analytics/customers?limit=1000', 'items'],
    ] as const) {
      const json = await api().get(path).set(auth('analyst')).expect(200);
      const csv = await api().get(path).set(auth('analyst')).set('Accept', 'text/csv').expect(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      const [header, ...records] = parseCsv(csv.text);
      const rows = json.body[member] as Record<string, unknown>[];
      expect(header).toEqual(Object.keys(rows[0]));
      expect(records).toEqual(asCsvCells(header, rows));
    }
    const days = await get(`/v1/analytics/throughput?${range}&granularity=day`);
    const edges = [0, 1, 2, 3].map((i) => dayFrom + i * DAY);
    expect((days as { buckets: object[] }).buckets.map(({ start: _s, localStart: _l, ...counts }: any) => counts)).toEqual(
      expected.countsIn(edges),
    );
  });

  it('writes a customer id a spreadsheet would run as a formula with a leading quote', async () => {
    const created = await api()
      .post('/v1/orders')
      .set(auth('channel'))
      .send({
        channelOrderId: `AN-${run}-formula`,
        brandId: 'brand-formula',
        customer: { id: '=HYPERLINK("http://x","y")', name: '@SUM(A1)' },
        items: [{ plu: 'P-1', name: '-1+1', quantity: 1, unitPrice: 1 }],
      });
    expect(created.status).toBe(201);
    await eventually(async () => {
      const csv = await api().get('/v1/analytics/customers?limit=1000').set(auth('analyst')).set('Accept', 'text/csv');
      expect(parseCsv(csv.text).map((r) => r[0])).toContain(`'=HYPERLINK("http://x","y")`);
    }, 'the formula customer in the CSV');
  });

  it('refuses analytics to keys without the role, and bad ranges, over the real stack', async () => {
    expect((await api().get('/v1/analytics/summary').set(auth('staff'))).status).toBe(403);
    expect((await api().post('/v1/analytics/rebuild').set(auth('analyst'))).status).toBe(403);
    const bad = await api()
      .get(`/v1/analytics/throughput?from=${iso(hourFrom + 1)}&to=${iso(hourFrom + HOUR)}`)
      .set(auth('analyst'));
    expect(bad.status).toBe(400);
  });
});
