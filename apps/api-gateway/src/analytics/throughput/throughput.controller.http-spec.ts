import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => {
  t.analytics.reset();
  t.analytics.on('analytics.throughput', { granularity: 'hour', tz: 'UTC', buckets: [] });
});

const get = (query: string, role: 'analyst' | 'admin' | 'channel' = 'analyst') =>
  t.http().get(`/v1/analytics/throughput?${query}`).set(bearer(role));

describe('GET /v1/analytics/throughput', () => {
  it('hour by default; 744 hour buckets is the most', async () => {
    await get('from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z').expect(200);
    expect(t.analytics.sent[0].payload).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
      granularity: 'hour',
      tz: 'UTC',
    });
  });

  it('3,660 day buckets is the most', async () => {
    await get('from=2016-01-01&to=2026-01-08&granularity=day').expect(200);
  });

  it('day granularity with a brand; admin may too', async () => {
    await get('from=2026-01-01&to=2026-02-01&granularity=day&brandId=b1', 'admin').expect(200);
    expect(t.analytics.sent[0].payload).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
      granularity: 'day',
      tz: 'UTC',
      brandId: 'b1',
    });
  });

  it('local days of Europe/Helsinki across the spring change, weeks from Monday, months from the 1st', async () => {
    await get('from=2026-03-28T22:00:00Z&to=2026-03-29T21:00:00Z&tz=Europe/Helsinki').expect(200);
    await get('from=2026-03-22T22:00:00Z&to=2026-04-05T21:00:00Z&tz=Europe/Helsinki&granularity=week').expect(200);
    await get('from=2026-02-28T18:30:00Z&to=2026-03-31T18:30:00Z&tz=Asia/Kolkata&granularity=month').expect(200);
    expect(t.analytics.sent.map((s) => s.payload)).toEqual([
      { from: '2026-03-28T22:00:00.000Z', to: '2026-03-29T21:00:00.000Z', granularity: 'hour', tz: 'Europe/Helsinki' },
      { from: '2026-03-22T22:00:00.000Z', to: '2026-04-05T21:00:00.000Z', granularity: 'week', tz: 'Europe/Helsinki' },
      { from: '2026-02-28T18:30:00.000Z', to: '2026-03-31T18:30:00.000Z', granularity: 'month', tz: 'Asia/Kolkata' },
    ]);
  });

  it.each([
    ['hour', 24],
    ['day', 30],
    ['week', 12],
    ['month', 12],
  ])('without from and to, granularity %s: the last %i buckets, up to the end of the current one', async (granularity, n) => {
    await get(`granularity=${granularity}&tz=Europe/Helsinki`).expect(200);
    const { from, to } = t.analytics.sent[0].payload as { from: string; to: string };
    expect(Date.parse(to)).toBeGreaterThan(Date.now());
    expect(Date.parse(from)).toBeLessThan(Date.now());
    const sizes = { hour: 1, day: 24, week: 168, month: 744 } as Record<string, number>;
    expect(Date.parse(to) - Date.parse(from)).toBeLessThanOrEqual((n * sizes[granularity] + 1) * 3_600_000);
  });

  it('530 week and 120 month buckets are the most', async () => {
    await get('from=2016-01-04&to=2026-03-02&granularity=week').expect(200);
    await get('from=2016-01-01&to=2026-01-01&granularity=month').expect(200);
    expectProblem(await get('from=2016-01-04&to=2026-03-09&granularity=week'), 400, 'validation-error');
    expectProblem(await get('from=2016-01-01&to=2026-02-01&granularity=month'), 400, 'validation-error');
  });

  it.each<[string, string, string]>([
    ['an unknown zone', 'from=2026-11-01&to=2026-11-02&tz=Europe/Atlantis', 'tz'],
    ['from not on a local day', 'from=2026-11-01&to=2026-11-02T22:00:00Z&granularity=day&tz=Europe/Helsinki', 'from'],
    ['from not on a Monday', 'from=2026-11-01&to=2026-11-09&granularity=week', 'from'],
    ['to not on the 1st', 'from=2026-11-01&to=2026-11-15&granularity=month', 'to'],
    ['no from', 'to=2026-11-02T00:00:00Z', 'from'],
    ['no to', 'from=2026-11-01T00:00:00Z', 'to'],
    ['a malformed to', 'from=2026-11-01T00:00:00Z&to=2026-13-01', 'to'],
    ['from equal to to', 'from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
    ['from after to', 'from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
    ['from not on an hour', 'from=2026-11-01T00:30:00Z&to=2026-11-02T00:00:00Z', 'from'],
    ['to not on an hour', 'from=2026-11-01T00:00:00Z&to=2026-11-01T05:00:00.001Z', 'to'],
    ['to not on a day', 'from=2026-11-01T00:00:00Z&to=2026-11-02T01:00:00Z&granularity=day', 'to'],
    ['745 hour buckets', 'from=2026-10-01T00:00:00Z&to=2026-11-01T01:00:00Z', 'to'],
    ['3,661 day buckets', 'from=2016-01-01&to=2026-01-09&granularity=day', 'to'],
    ['an unknown granularity', 'from=2026-11-01&to=2026-11-02&granularity=year', 'granularity'],
    ['an unknown parameter', 'from=2026-11-01&to=2026-11-02&scope=order', 'scope'],
    ['an empty brandId', 'from=2026-11-01&to=2026-11-02&brandId=', 'brandId'],
  ])('400 for %s, asking nothing', async (_, query, field) => {
    const problem = expectProblem(await get(query), 400, 'validation-error');
    expect(fieldsOf(problem)).toContain(field);
    expect(t.analytics.sent).toEqual([]);
  });

  it('401 with an unknown key, 403 for other roles', async () => {
    const q = 'from=2026-11-01&to=2026-11-02';
    expectProblem(await t.http().get(`/v1/analytics/throughput?${q}`).set({ Authorization: 'Bearer nope-nope-nope' }), 401);
    expectProblem(await get(q, 'channel'), 403);
    expect(t.analytics.sent).toEqual([]);
  });
});
