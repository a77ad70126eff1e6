import request from 'supertest';
import type { OrderView } from '#contracts';
import { EventTap } from '../support/event-tap.js';
import { type OwnStack, startStackOfItsOwn } from '../support/own-stack.js';
import { eventually } from '#test-support/wait.js';

const BRAND = 'brand-schedule-e2e';

const order = (extra: Record<string, unknown> = {}) => ({
  channelOrderId: `SCH-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
  brandId: BRAND,
  customer: { name: 'Ann' },
  items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 7.5 }],
  ...extra,
});

const TIMEOUT_MS = 3_000;

/**
 * A stack of its own (database and vhost) with short settings, so that a scheduled order's release
 * comes within seconds: a 3 s acceptance timeout, orders for more than 2 s ahead scheduled, a
 * 1-minute prep estimate. Its sweep must not reject the other suites' orders.
 */
describe('fulfillment, scheduled orders and promised times over HTTP and AMQP', () => {
  let stack: OwnStack;
  let tap: EventTap;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const place = (body: object) => api().post('/v1/orders').set(auth('channel')).send(body);

  const statusOf = async (id: string) => (await api().get(`/v1/orders/${id}`).set(auth('staff'))).body.status as string;

  beforeAll(async () => {
    stack = await startStackOfItsOwn('schedule', {
      ORDER_ACCEPT_TIMEOUT_MS: String(TIMEOUT_MS),
      SCHEDULE_THRESHOLD_MS: '2000',
      DEFAULT_PREP_MINUTES: '1',
    });
    tap = await EventTap.open(stack.amqpUrl);
  });
  afterAll(async () => {
    await tap?.close();
    await stack?.stop();
  });

  describe('fulfillment', () => {
    it.each([
      [{ mode: 'DINE_IN', table: '12' }, {}],
      [{ mode: 'CURBSIDE', vehicle: 'red Volvo ABC-123' }, {}],
      [{ mode: 'DELIVERY' }, { deliveryAddress: { city: 'Oulu' } }],
    ])('creates %o, shows it on GET and in order.created', async (fulfillment, extra) => {
      const created = await place(order({ fulfillment, ...extra }));
      expect(created.status).toBe(201);
      const view = created.body as OrderView;
      expect(view.fulfillment).toEqual(fulfillment);
      const got = await api().get(`/v1/orders/${view.id}`).set(auth('staff'));
      expect(got.body.fulfillment).toEqual(fulfillment);
      const [event] = await tap.waitFor(view.id, 1);
      expect(event!.event).toMatchObject({ type: 'order.created', data: { fulfillment } });
    });

    it('defaults to PICKUP without an address and to DELIVERY with one', async () => {
      expect((await place(order())).body.fulfillment).toEqual({ mode: 'PICKUP' });
      expect((await place(order({ deliveryAddress: { city: 'Oulu' } }))).body.fulfillment).toEqual({ mode: 'DELIVERY' });
    });

    it('refuses a table with PICKUP and an address with DINE_IN, naming the field, and creates nothing', async () => {
      const body = order({ fulfillment: { mode: 'PICKUP', table: '4' } });
      const tableRes = await place(body);
      expect(tableRes.status).toBe(400);
      expect(tableRes.body.errors).toEqual([{ field: 'fulfillment.table', message: expect.stringContaining('DINE_IN') }]);
      const addressRes = await place(order({ fulfillment: { mode: 'DINE_IN', table: '4' }, deliveryAddress: { city: 'Oulu' } }));
      expect(addressRes.status).toBe(400);
      expect(addressRes.body.errors).toEqual([{ field: 'deliveryAddress', message: expect.stringContaining('DELIVERY') }]);
      const list = await api().get(`/v1/orders?brandId=${BRAND}&limit=500`).set(auth('staff'));
      expect(list.body.items.map((o: OrderView) => o.channelOrderId)).not.toContain(body.channelOrderId);
    });
  });

  describe('scheduled orders', () => {
    it('does not time out an order scheduled ahead while an order for now times out, and times it out from its release', async () => {
      const pickupTime = new Date(Date.now() + 70_000).toISOString();
      const scheduled = (await place(order({ pickupTime }))).body as OrderView;
      const asap = (await place(order())).body as OrderView;
      expect(scheduled).toMatchObject({ scheduled: true, pickupTime });
      // The 1-minute estimate of a brand without history: released a minute before its pickupTime.
      expect(Date.parse(scheduled.releaseAt)).toBe(Date.parse(pickupTime) - 60_000);
      expect(asap).toMatchObject({ scheduled: false, releaseAt: asap.createdAt });

      await eventually(async () => (await statusOf(asap.id)) === 'REJECTED', 'the order for now timed out');
      expect(await statusOf(scheduled.id)).toBe('PLACED');

      await eventually(async () => (await statusOf(scheduled.id)) === 'REJECTED', 'the scheduled order timed out', 30_000);
      const history = await api().get(`/v1/orders/${scheduled.id}/history`).set(auth('staff'));
      const rejected = history.body.order.find((h: { status: string }) => h.status === 'REJECTED');
      expect(rejected.reason).toBe('acceptance_timeout');
      expect(Date.parse(rejected.at)).toBeGreaterThanOrEqual(Date.parse(scheduled.releaseAt) + TIMEOUT_MS);
    }, 45_000);

    it('lets staff accept a scheduled order before its release', async () => {
      const scheduled = (await place(order({ pickupTime: new Date(Date.now() + 3 * 3_600_000).toISOString() }))).body;
      const accepted = await api().patch(`/v1/orders/${scheduled.id}/status`).set(auth('staff')).send({ status: 'ACCEPTED' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'ACCEPTED', scheduled: true });
    });

    it.each([
      ['8 days ahead', 8 * 86_400_000],
      ['an hour ago', -3_600_000],
    ])('refuses a pickupTime %s with a 400 naming it', async (_, offset) => {
      const res = await place(order({ pickupTime: new Date(Date.now() + offset).toISOString() }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'pickupTime', message: expect.any(String) }]);
    });
  });

  describe('promised ready times', () => {
    const patchStatus = (id: string, body: object) => api().patch(`/v1/orders/${id}/status`).set(auth('staff')).send(body);
    const patchPromise = (id: string, body: object, role = 'staff') =>
      api().patch(`/v1/orders/${id}/promised-time`).set(auth(role)).send(body);

    it('promises prepMinutes after the acceptance, moves it, and publishes both with gapless sequences', async () => {
      const placed = (await place(order())).body as OrderView;
      expect(placed.promisedReadyAt).toBeNull();
      const accepted = await patchStatus(placed.id, { status: 'ACCEPTED', prepMinutes: 25 });
      expect(accepted.status).toBe(200);
      const acceptedAt = (await api().get(`/v1/orders/${placed.id}/history`).set(auth('staff'))).body.order[1].at;
      expect(accepted.body.promisedReadyAt).toBe(new Date(Date.parse(acceptedAt) + 25 * 60_000).toISOString());

      const later = new Date(Date.now() + 40 * 60_000).toISOString();
      const moved = await patchPromise(placed.id, { promisedReadyAt: later, reason: 'oven down' }).set('If-Match', '"2"');
      expect(moved.status).toBe(200);
      expect(moved.headers.etag).toBe('"3"');
      expect(moved.body).toMatchObject({ id: placed.id, status: 'ACCEPTED', version: 3, promisedReadyAt: later });

      const events = await tap.waitFor(placed.id, 4);
      expect(events.map((e) => [e.event.sequence, e.event.type])).toEqual([
        [1, 'order.created'],
        [2, 'order.status_changed'],
        [3, 'order.promised_time_changed'],
        [4, 'order.promised_time_changed'],
      ]);
      expect(events[2]!.event.data).toMatchObject({
        promisedReadyAt: accepted.body.promisedReadyAt,
        previous: null,
        at: acceptedAt,
      });
      expect(events[3]!.event.data).toMatchObject({
        orderId: placed.id,
        brandId: BRAND,
        promisedReadyAt: later,
        previous: accepted.body.promisedReadyAt,
        reason: 'oven down',
      });
    });

    it('answers 400 for prepMinutes out of range or without ACCEPTED, 409 before acceptance, 400 before the acceptance time', async () => {
      const placed = (await place(order())).body as OrderView;
      for (const body of [
        { status: 'ACCEPTED', prepMinutes: 0 },
        { status: 'ACCEPTED', prepMinutes: 241 },
        { status: 'REJECTED', prepMinutes: 10 },
      ]) {
        const res = await patchStatus(placed.id, body);
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['prepMinutes']);
      }
      const early = await patchPromise(placed.id, { promisedReadyAt: new Date(Date.now() + 600_000).toISOString() });
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ type: expect.stringMatching(/\/promise-not-open$/), orderStatus: 'PLACED' });

      await patchStatus(placed.id, { status: 'ACCEPTED' }).expect(200);
      const before = await patchPromise(placed.id, { promisedReadyAt: new Date(Date.now() - 3_600_000).toISOString() });
      expect(before.status).toBe(400);
      expect(before.body.errors).toEqual([{ field: 'promisedReadyAt', message: expect.any(String) }]);
      expect((await patchPromise(placed.id, { promisedReadyAt: 'soon' })).status).toBe(400);
      expect((await patchPromise(placed.id, { promisedReadyAt: new Date().toISOString() }, 'channel')).status).toBe(403);
      const events = await tap.waitFor(placed.id, 3);
      expect(events.map((e) => e.event.type)).toEqual(['order.created', 'order.status_changed', 'order.promised_time_changed']);
    });

    it('keeps analytics counting past order.promised_time_changed (stored, not dead-lettered)', async () => {
      const brandId = `${BRAND}-analytics`;
      const placed = (await place(order({ brandId }))).body as OrderView;
      await patchStatus(placed.id, { status: 'ACCEPTED' }).expect(200);
      await patchPromise(placed.id, { promisedReadyAt: new Date(Date.now() + 30 * 60_000).toISOString() }).expect(200);
      await patchStatus(placed.id, { status: 'PREPARING' }).expect(200);
      // Analytics applies an order's events only with no gap in their sequence: PREPARING counts only if 3 and 4 were taken.
      await eventually(async () => {
        const summary = await api().get(`/v1/analytics/summary?brandId=${brandId}`).set(auth('analyst'));
        return summary.body.ordersByStatus?.PREPARING === 1;
      }, 'analytics counted the order PREPARING');
    });
  });
});
