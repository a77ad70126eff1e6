import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import { planOrder, seedAvailability, seedOrders } from '../../scripts/seed-orders.mjs';
import { startStack, type Stack } from '#test-support/stack.js';

describe('npm run seed (scripts/seed-orders.mjs) against a running stack', () => {
  let stack: Stack;
  const seed = `t${Date.now().toString(36)}`;
  const api = () => request(stack.gatewayUrl);
  const auth = { Authorization: 'Bearer test-staff-key' };

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it('plans past, ordered times for every order', () => {
    const now = Date.now();
    for (let index = 0; index < 500; index++) {
      const { body, steps } = planOrder({ seed, index, days: 7, now, customers: 100 });
      const times = [body.placedAt, ...steps.map((s) => s.at)].map(Date.parse);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThan(now);
      expect(Math.min(...times)).toBeGreaterThan(now - 8 * 24 * 3_600_000);
    }
  });

  it('plans every fulfilment mode, scheduled orders ahead of now, and a prep time with every acceptance', () => {
    const now = Date.now();
    const plans = Array.from({ length: 500 }, (_, index) => planOrder({ seed, index, days: 7, now, customers: 100 }));
    const modes = new Set(plans.map((p) => p.body.fulfillment.mode));
    expect([...modes].sort()).toEqual(['CURBSIDE', 'DELIVERY', 'DINE_IN', 'PICKUP']);
    for (const { body } of plans) expect(body.deliveryAddress !== undefined).toBe(body.fulfillment.mode === 'DELIVERY');
    const ahead = plans.filter((p) => Date.parse(p.body.pickupTime) > now + 3_600_000);
    expect(ahead.length).toBeGreaterThan(5);
    for (const { steps } of ahead) expect(steps.map((s) => s.status)).not.toContain('PREPARING');
    const acceptances = plans.flatMap((p) => p.steps.filter((s) => s.status === 'ACCEPTED'));
    expect(acceptances.length).toBeGreaterThan(300);
    for (const step of acceptances) expect(step.prepMinutes).toBeGreaterThanOrEqual(8);
  });

  it('creates orders with their whole backfilled histories, and a re-run adds nothing', async () => {
    const now = Date.now();
    const options = { baseUrl: stack.gatewayUrl, key: stack.keys.internal, orders: 30, days: 3, concurrency: 8, seed, now };
    const summary = await seedOrders(options);
    expect(summary).toMatchObject({ created: 30, existing: 0, failures: 0, errors: [] });
    expect(summary.transitions).toBeGreaterThan(30);

    const listed = await api().get('/v1/orders').query({ limit: 500 }).set(auth);
    const mine = listed.body.items.filter((o: { channelOrderId: string }) => o.channelOrderId.startsWith(`SEED-${seed}-`));
    expect(mine).toHaveLength(30);
    expect(new Set(mine.map((o: { brandId: string }) => o.brandId)).size).toBeGreaterThan(1);

    let changes = 0;
    for (const order of mine) {
      const index = Number(order.channelOrderId.slice(-6));
      const plan = planOrder({ seed, index, days: 3, now, customers: 10 });
      const history = await api().get(`/v1/orders/${order.id}/history`).set(auth);
      const entries: { status: string; at: string }[] = history.body.order;
      expect(entries[0]).toMatchObject({ status: 'PLACED', at: order.placedAt });
      expect(order.placedAt).toBe(plan.body.placedAt);
      expect(entries.map((e) => e.status)).toEqual(['PLACED', ...plan.steps.map((s) => s.status)]);
      expect(entries.map((e) => e.at)).toEqual([order.placedAt, ...plan.steps.map((s) => s.at)]);
      expect(order.status).toBe(entries.at(-1)!.status);
      expect(order.fulfillment).toEqual(plan.body.fulfillment);
      if (plan.steps.some((s) => s.status === 'ACCEPTED')) expect(order.promisedReadyAt).toEqual(expect.any(String));
      changes += entries.length - 1;
    }
    expect(changes).toBe(summary.transitions);

    const again = await seedOrders(options);
    expect(again).toMatchObject({ created: 0, existing: 30, transitions: 0, failures: 0 });
  });

  it('leaves one brand busy and one item snoozed, for the kitchen display to show', async () => {
    const [pizza, sushi] = ['60bfc6dc4887c9851d5a0402', '60bfc6dc4887c9851d5a0301'];
    const now = Date.now();
    try {
      const said = await seedAvailability({ baseUrl: stack.gatewayUrl, key: stack.keys.staff, now });
      expect(said).toHaveLength(2);
      const busy = await api().get(`/v1/brands/${pizza}/availability`).set(auth).expect(200);
      expect(busy.body).toMatchObject({ state: 'BUSY', extraPrepMinutes: 10, snoozedItems: [] });
      const snoozed = await api().get(`/v1/brands/${sushi}/availability`).set(auth).expect(200);
      expect(snoozed.body).toMatchObject({ state: 'ONLINE', snoozedItems: [{ plu: 'SG-0005' }] });
      expect(Date.parse(snoozed.body.snoozedItems[0].until)).toBe(now + 3 * 3_600_000);
    } finally {
      await api().put(`/v1/brands/${pizza}/availability`).set(auth).send({ state: 'ONLINE' }).expect(200);
      await api().put(`/v1/brands/${sushi}/items/SG-0005/availability`).set(auth).send({ available: true }).expect(200);
    }
  });

  it('runs as a command: options, the key from API_KEYS, and a summary', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['scripts/seed.mjs', '--orders', '5', '--concurrency', '2', '--seed', `${seed}-cli`, '--url', stack.gatewayUrl],
      { env: { ...process.env, API_KEYS: `internal:${stack.keys.internal}`, NODE_OPTIONS: '' } },
    );
    expect(stdout).toMatch(
      /Created 5 orders \(0 already there\), \d+ status changes, 0 failures in [\d.]+ s \([\d.]+ orders\/s\)/,
    );
  });
});
