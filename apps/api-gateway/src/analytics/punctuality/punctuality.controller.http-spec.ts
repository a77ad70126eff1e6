import {
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  KEYS,
} from '#test-support/gateway/gateway-test-app.js';

let t: GatewayTestApp;
beforeAll(async () => {
  const keys = [...Object.entries(KEYS).map(([role, key]) => `${role}:${key}`), 'analyst:analyst-key-north:brand-north'];
  t = await createGatewayTestApp({ env: { API_KEYS: keys.join(',') } });
});
afterAll(() => t.close());
beforeEach(() => {
  t.analytics.reset();
  t.analytics.on('analytics.punctuality', { granularity: 'hour', tz: 'UTC', buckets: [] });
});

const get = (query: string, key = KEYS.analyst) =>
  t
    .http()
    .get(`/v1/analytics/punctuality?${query}`)
    .set({ Authorization: `Bearer ${key}` });

describe('GET /v1/analytics/punctuality: the query of throughput', () => {
  it('asks analytics for local buckets of the zone, with the brand', async () => {
    await get('from=2026-03-22T22:00:00Z&to=2026-04-05T21:00:00Z&tz=Europe/Helsinki&granularity=week&brandId=b1').expect(200);
    expect(t.analytics.sent.map((s) => [s.pattern, s.payload])).toEqual([
      [
        'analytics.punctuality',
        {
          from: '2026-03-22T22:00:00.000Z',
          to: '2026-04-05T21:00:00.000Z',
          granularity: 'week',
          tz: 'Europe/Helsinki',
          brandId: 'b1',
        },
      ],
    ]);
  });

  it('without from and to: the last 24 hours up to the end of the current one', async () => {
    await get('').expect(200);
    const { from, to } = t.analytics.sent[0].payload as { from: string; to: string };
    expect(Date.parse(to) - Date.parse(from)).toBe(24 * 3_600_000);
    expect(Date.parse(to)).toBeGreaterThan(Date.now());
  });

  it('a brand-scoped analyst asks within its brands, and is refused another', async () => {
    await get('', 'analyst-key-north').expect(200);
    expect(t.analytics.sent[0].payload).toMatchObject({ brandIds: ['brand-north'] });
    expectProblem(await get('brandId=brand-south', 'analyst-key-north'), 403);
    expect(t.analytics.sent).toHaveLength(1);
  });

  it.each<[string, string, string]>([
    ['an unknown zone', 'from=2026-11-01&to=2026-11-02&tz=Mars/Olympus', 'tz'],
    ['from alone', 'from=2026-11-01T00:00:00Z', 'to'],
    ['from not on a local day', 'from=2026-11-01&to=2026-11-03&granularity=day&tz=Asia/Kolkata', 'from'],
    ['745 hours', 'from=2026-10-01T00:00:00Z&to=2026-11-01T01:00:00Z', 'to'],
    ['an unknown granularity', 'granularity=year', 'granularity'],
  ])('400 for %s, asking nothing', async (_, query, field) => {
    expect(fieldsOf(expectProblem(await get(query), 400, 'validation-error'))).toContain(field);
    expect(t.analytics.sent).toEqual([]);
  });

  it('403 for a channel key, asking nothing', async () => {
    expectProblem(await get('', KEYS.channel), 403);
    expect(t.analytics.sent).toEqual([]);
  });
});
