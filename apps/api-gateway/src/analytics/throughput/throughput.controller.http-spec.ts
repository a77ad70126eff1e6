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
  t.analytics.on('analytics.throughput', { granularity: 'hour', buckets: [] });
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
      brandId: 'b1',
    });
  });

  it.each<[string, string, string]>([
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
    ['an unknown granularity', 'from=2026-11-01&to=2026-11-02&granularity=week', 'granularity'],
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
