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
const view = { from: 'x', to: 'y', scope: 'order', statuses: [] };
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
        payload: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-02T00:00:00.000Z', scope: 'order' },
      },
    ]);
  });

  it('forwards scope item and brandId; admin may too', async () => {
    await get(`${RANGE}&scope=item&brandId=b1`, 'admin').expect(200);
    expect(t.analytics.sent[0].payload).toMatchObject({ scope: 'item', brandId: 'b1' });
  });

  it.each<[string, string, string]>([
    ['no from', 'to=2026-11-02T00:00:00Z', 'from'],
    ['no to', 'from=2026-11-01T00:00:00Z', 'to'],
    ['a malformed from', 'from=yesterday&to=2026-11-02T00:00:00Z', 'from'],
    ['a from JavaScript cannot read', 'from=2026-W01-1&to=2026-11-02T00:00:00Z', 'from'],
    ['from equal to to', 'from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00.000Z', 'to'],
    ['from after to', 'from=2026-11-03T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
    ['an unknown scope', `${RANGE}&scope=customer`, 'scope'],
    ['more than 3,660 days', 'from=2010-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
    ['an unknown parameter', `${RANGE}&granularity=hour`, 'granularity'],
  ])('400 for %s, asking nothing', async (_, query, field) => {
    const problem = expectProblem(await get(query), 400, 'validation-error');
    expect(fieldsOf(problem)).toContain(field);
    expect(t.analytics.sent).toEqual([]);
  });

  it('401 without a key, 403 for other roles', async () => {
    expectProblem(await t.http().get(`/v1/analytics/status-durations?${RANGE}`), 401);
    expectProblem(await get(RANGE, 'staff'), 403);
    expect(t.analytics.sent).toEqual([]);
  });
});
