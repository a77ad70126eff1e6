import { asCsvCells, parseCsv } from '#test-support/csv.js';
import { bearer, createGatewayTestApp, expectProblem, type GatewayTestApp } from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());

const THROUGHPUT = {
  granularity: 'hour' as const,
  tz: 'Asia/Kolkata',
  buckets: [
    {
      start: '2026-03-01T18:30:00.000Z',
      localStart: '2026-03-02T00:00:00.000+05:30',
      placed: 3,
      pickedUp: 1,
      rejected: 0,
      cancelled: 2,
    },
    {
      start: '2026-03-01T19:30:00.000Z',
      localStart: '2026-03-02T01:00:00.000+05:30',
      placed: 0,
      pickedUp: 0,
      rejected: 0,
      cancelled: 0,
    },
  ],
};
const DURATIONS = {
  from: '2026-03-01T18:30:00.000Z',
  to: '2026-03-01T20:30:00.000Z',
  tz: 'Asia/Kolkata',
  scope: 'order' as const,
  statuses: [
    { status: 'PLACED', count: 2, averageSeconds: 95.5 },
    { status: 'ACCEPTED', count: 0, averageSeconds: null },
  ],
};
const PUNCTUALITY = {
  granularity: 'day' as const,
  tz: 'Asia/Kolkata',
  buckets: [
    {
      start: '2026-03-01T18:30:00.000Z',
      localStart: '2026-03-02T00:00:00.000+05:30',
      ready: 5,
      onTime: 3,
      late: 2,
      averageLatenessSeconds: 312.5,
    },
    {
      start: '2026-03-02T18:30:00.000Z',
      localStart: '2026-03-03T00:00:00.000+05:30',
      ready: 1,
      onTime: 1,
      late: 0,
      averageLatenessSeconds: null,
    },
  ],
};
const CUSTOMERS = {
  items: [
    {
      customerId: '=HYPERLINK("http://evil")',
      orders: 4,
      firstOrderAt: '2026-01-01T00:00:00.000Z',
      lastOrderAt: '2026-02-01T00:00:00.000Z',
      totalAmount: 12.3456,
    },
    {
      customerId: '+358401234',
      orders: 2,
      firstOrderAt: '2026-01-02T00:00:00.000Z',
      lastOrderAt: '2026-01-03T00:00:00.000Z',
      totalAmount: 0,
    },
    {
      customerId: 'plain, "quoted"\nname',
      orders: 1,
      firstOrderAt: '2026-01-02T00:00:00.000Z',
      lastOrderAt: '2026-01-02T00:00:00.000Z',
      totalAmount: 5,
    },
  ],
};

beforeEach(() => {
  t.analytics.reset();
  t.analytics
    .on('analytics.throughput', THROUGHPUT)
    .on('analytics.status-durations', DURATIONS)
    .on('analytics.punctuality', PUNCTUALITY)
    .on('analytics.customers', CUSTOMERS);
});

const csv = (path: string, accept = 'text/csv') => t.http().get(path).set(bearer('analyst')).set('Accept', accept);

describe('Accept: text/csv on the analytics figures', () => {
  it.each([
    [
      'throughput',
      '/v1/analytics/throughput?tz=Asia/Kolkata',
      ['start', 'localStart', 'placed', 'pickedUp', 'rejected', 'cancelled'],
      THROUGHPUT.buckets,
    ],
    [
      'punctuality',
      '/v1/analytics/punctuality?tz=Asia/Kolkata&granularity=day',
      ['start', 'localStart', 'ready', 'onTime', 'late', 'averageLatenessSeconds'],
      PUNCTUALITY.buckets,
    ],
    [
      'status durations',
      '/v1/analytics/status-durations?tz=Asia/Kolkata',
      ['status', 'count', 'averageSeconds'],
      DURATIONS.statuses,
    ],
  ])('%s: a header row of the JSON member names, then the JSON rows one for one', async (_, path, columns, rows) => {
    const res = await csv(path).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers.vary).toMatch(/Accept/);
    const records = parseCsv(res.text);
    expect(records[0]).toEqual(columns);
    expect(records.slice(1)).toEqual(asCsvCells(columns, rows));
    const json = await csv(path, 'application/json').expect(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
  });

  it('customers: a cell a spreadsheet would run as a formula starts with a quote; others are quoted as RFC 4180 says', async () => {
    const res = await csv('/v1/analytics/customers').expect(200);
    const records = parseCsv(res.text);
    expect(records[0]).toEqual(['customerId', 'orders', 'firstOrderAt', 'lastOrderAt', 'totalAmount']);
    expect(records.map((r) => r[0])).toEqual([
      'customerId',
      `'=HYPERLINK("http://evil")`,
      "'+358401234",
      'plain, "quoted"\nname',
    ]);
    expect(records[1].slice(1)).toEqual(['4', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '12.3456']);
  });

  it('JSON when the caller prefers it, or accepts anything', async () => {
    for (const accept of ['application/json, text/csv;q=0.5', '*/*', 'text/*;q=0.1, application/json']) {
      const res = await csv('/v1/analytics/throughput', accept).expect(200);
      expect(res.body).toEqual(THROUGHPUT);
    }
  });

  it.each([
    ['the summary', '/v1/analytics/summary'],
    ['a customer', '/v1/analytics/customers/c-1'],
    ['the order list', '/v1/orders'],
  ])('406 problem on %s, which answers JSON only, asking nothing', async (_, path) => {
    const res = await t.http().get(path).set(bearer('admin')).set('Accept', 'text/csv');
    expectProblem(res, 406);
    expect(t.analytics.sent).toEqual([]);
    expect(t.client.sent).toEqual([]);
  });

  it('bad input still comes first as a 400 problem, not CSV', async () => {
    expectProblem(await csv('/v1/analytics/throughput?tz=Mars/Olympus'), 400, 'validation-error');
  });
});
