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
const view = { from: 'x', to: 'y', tz: 'UTC', scope: 'order', statuses: [] };
beforeEach(() => {
  t.analytics.reset();
  t.analytics.on('analytics.status-durations', view as never);
});

const RANGE = 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z';
const get = (query: string, role: 'analyst' | 'admin' | 'staff' = 'analyst') =>
  t.http().get(`/v1/analytics/status-durations?${query}`).set(bearer(role));

describe('GET /v1/analytics/status-durations', () => {
  it('asks with scope order by default, times in UTC with ms', async () => {
    const res = await get('from=2026-11-01T02:00:00%2B02:00&to=2026-11-02');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(view);
    expect(t.analytics.sent).toEqual([
      {
        pattern: 'analytics.status-durations',
        payload: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z', tz: 'UTC', scope: 'order' },
      },
    ]);
  });

  it('local hours of a zone with a quarter-hour offset', async () => {
    await get('from=2026-11-01T00:15:00Z&to=2026-11-02T00:15:00Z&tz=Asia/Kathmandu').expect(200);
    expect(t.analytics.sent[0].payload).toMatchObject({ from: '2026-11-01T00:15:00.000Z', tz: 'Asia/Kathmandu' });
  });

  it('without from and to: the last 24 local hours, up to the end of the current one', async () => {
    await get('tz=Asia/Kolkata').expect(200);
    const { from, to } = t.analytics.sent[0].payload as { from: string; to: string };
    expect(Date.parse(to) - Date.parse(from)).toBe(24 * 3_600_000);
    expect(Date.parse(to)).toBeGreaterThan(Date.now());
    expect(Date.parse(to) - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(to.slice(13)).toBe(':30:00.000Z');
  });

  it('forwards scope item and brandId; admin may too', async () => {
    await get(`${RANGE}&scope=item&brandId=b1`, 'admin').expect(200);
    expect(t.analytics.sent[0].payload).toMatchObject({ scope: 'item', brandId: 'b1' });
  });

  it.each<[string, string, string]>([
    ['no from', 'to=2026-11-02T00:00:00Z', 'from'],
    ['an unknown zone', `${RANGE}&tz=Mars/Olympus`, 'tz'],
    ['an offset for a zone', `${RANGE}&tz=%2B05:30`, 'tz'],
    ['from off a local hour', 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:15:00Z&tz=Asia/Kathmandu', 'from'],
    ['from off a UTC hour', 'from=2026-11-01T00:30:00Z&to=2026-11-02T00:00:00Z', 'from'],
    ['no to', 'from=2026-11-01T00:00:00Z', 'to'],
    ['a malformed from', 'from=yesterday&to=2026-11-02T00:00:00Z', 'from'],
    ['a from JavaScript cannot read', 'from=2026-W01-1&to=2026-11-02T00:00:00Z', 'from'],
    ['from equal to to', 'from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00.000Z', 'to'],
    ['to off a local hour', 'from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&tz=Asia/Kolkata', 'from'],
    ['from after to', 'from=2026-11-03T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
    ['an unknown scope', `${RANGE}&scope=customer`, 'scope'],
    ['more than 3,660 days', 'from=2010-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
    ['an unknown parameter', `${RANGE}&granularity=hour`, 'granularity'],
  ])('400 for %s, asking nothing', async (_, query, field) => {
    const problem = expectProblem(await get(query), 400, 'validation-error');
    expect(fieldsOf(problem)).toContain(field);
    expect(t.analytics.sent).toEqual([]);
  });

  it('names the nearest local boundaries of a from off them', async () => {
    const problem = expectProblem(
      await get('from=2026-11-01T10:00:00Z&to=2026-11-02T10:15:00Z&tz=Asia/Kathmandu'),
      400,
      'validation-error',
    );
    expect(problem.detail).toContain('2026-11-01T15:00:00.000+05:45 and 2026-11-01T16:00:00.000+05:45');
  });

  it('401 without a key, 403 for other roles', async () => {
    expectProblem(await t.http().get(`/v1/analytics/status-durations?${RANGE}`), 401);
    expectProblem(await get(RANGE, 'staff'), 403);
    expect(t.analytics.sent).toEqual([]);
  });
});
