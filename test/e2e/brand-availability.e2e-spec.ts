import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { BrandAvailabilityView, OrderView } from '#contracts';
import { createGateway } from '../../apps/api-gateway/src/gateway.js';
import { EventTap } from '../support/event-tap.js';
import { startStack, type Stack } from '../support/stack.js';
import { eventually } from '#test-support/wait.js';

const RUN = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let brandNo = 0;
/** A brand of its own for each test: availability is per brand, and tests must not see each other's. */
const newBrand = () => `avail-${RUN}-${++brandNo}`;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

const order = (brandId: string, plus = ['P-1'], extra: Record<string, unknown> = {}) => ({
  channelOrderId: `AV-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
  brandId,
  customer: { name: 'Ann' },
  items: plus.map((plu) => ({ plu, name: `Dish ${plu}`, quantity: 1, unitPrice: 7.5 })),
  ...extra,
});

/**
 * Brand availability over the real stack: the routes, intake's 409s on this gateway and on a second
 * replica, `until` passing, backfills, and the brand events on `orders.events` with their own
 * gapless sequence.
 */
describe('brand availability over HTTP and AMQP', () => {
  let stack: Stack;
  let tap: EventTap;
  let replica: INestApplication;
  let replicaUrl: string;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = (url = stack.gatewayUrl) => request(url);
  const place = (body: object, url?: string) => api(url).post('/v1/orders').set(auth('channel')).send(body);
  const setState = (brandId: string, body: object) =>
    api().put(`/v1/brands/${brandId}/availability`).set(auth('staff')).send(body);
  const setItem = (brandId: string, plu: string, body: object) =>
    api().put(`/v1/brands/${brandId}/items/${plu}/availability`).set(auth('staff')).send(body);
  const brandEvents = (brandId: string) => tap.received.filter((e) => e.event.subject === brandId).map((e) => e.event);

  beforeAll(async () => {
    stack = await startStack();
    tap = await EventTap.open(stack.amqpUrl);
    // A second gateway on the same broker: a change made through the first must reach its intake too.
    replica = await createGateway(stack.config);
    await replica.listen(0, '127.0.0.1');
    replicaUrl = `http://127.0.0.1:${(replica.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await replica?.close();
    await tap?.close();
    await stack?.stop();
  });

  it('answers a brand never configured as ONLINE with no snoozed items and the default estimate', async () => {
    const brandId = newBrand();
    const res = await api().get(`/v1/brands/${brandId}/availability`).set(auth('analyst')).expect(200);
    expect(res.body).toEqual({
      brandId,
      state: 'ONLINE',
      extraPrepMinutes: null,
      until: null,
      prepEstimateMinutes: stack.config.defaultPrepMinutes,
      snoozedItems: [],
    });
  });

  it('refuses orders for a PAUSED brand with 409 store-paused, on every replica, storing and publishing nothing', async () => {
    const brandId = newBrand();
    const until = inMs(3_600_000);
    const paused = await setState(brandId, { state: 'PAUSED', until }).expect(200);
    expect(paused.body).toMatchObject({ brandId, state: 'PAUSED', until, extraPrepMinutes: null, snoozedItems: [] });

    const body = order(brandId);
    const refused = await place(body).expect(409);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.type).toMatch(/\/store-paused$/);
    expect(refused.body.until).toBe(until);
    expect(refused.body.detail).toBeTruthy();
    await eventually(async () => (await place(order(brandId), replicaUrl)).status === 409, 'the replica refusing too', 1_000);

    await setState(brandId, { state: 'ONLINE' }).expect(200);
    // Published after the refused one: had the refused order been published, it would be on the tap by now.
    const created = await eventually(
      async () => {
        const res = await place(body, replicaUrl);
        return res.status === 201 && (res.body as OrderView);
      },
      'the replica taking orders again within a second',
      1_000,
    );
    await tap.waitFor(created.id, 1);
    expect(
      tap.received.filter(
        (e) =>
          e.event.type === 'order.created' && e.event.subject !== created.id && (e.event.data as OrderView).brandId === brandId,
      ),
    ).toEqual([]);
    expect((await place(order(brandId))).status).toBe(201);
  });

  it('refuses orders holding a snoozed PLU with 409 items-unavailable naming them, and takes them after un-snoozing', async () => {
    const brandId = newBrand();
    const snoozed = await setItem(brandId, 'P-2', { available: false }).expect(200);
    expect(snoozed.body.snoozedItems).toEqual([{ plu: 'P-2', until: null }]);

    const body = order(brandId, ['P-1', 'P-2']);
    const refused = await place(body).expect(409);
    expect(refused.body.type).toMatch(/\/items-unavailable$/);
    expect(refused.body.plus).toEqual(['P-2']);
    expect((await api().get(`/v1/orders?brandId=${brandId}`).set(auth('staff')).expect(200)).body.items).toEqual([]);
    await place(order(brandId, ['P-1'])).expect(201);

    const back = await setItem(brandId, 'P-2', { available: true }).expect(200);
    expect(back.body.snoozedItems).toEqual([]);
    await place(body).expect(201);
  });

  it('takes a snoozed PLU again once its until has passed, and publishes that', async () => {
    const brandId = newBrand();
    const until = inMs(1_500);
    await setItem(brandId, 'P-1', { available: false, until }).expect(200);
    const body = order(brandId);
    expect((await place(body)).status).toBe(409);
    await eventually(async () => (await place(body)).status === 201, 'the order taken after until', 5_000);
    const got = await api().get(`/v1/brands/${brandId}/availability`).set(auth('staff')).expect(200);
    expect(got.body.snoozedItems).toEqual([]);
    const events = await eventually(() => brandEvents(brandId).length >= 2 && brandEvents(brandId), 'the sweep’s event', 5_000);
    expect(events.map((e) => [e.type, e.sequence, (e.data as { available: boolean }).available])).toEqual([
      ['brand.item_availability_changed', 1, false],
      ['brand.item_availability_changed', 2, true],
    ]);
    expect(events[1]!.data).toMatchObject({ brandId, plu: 'P-1', until: null, at: until });
  });

  it('lets a backfill through for a paused brand: history being imported', async () => {
    const brandId = newBrand();
    await setState(brandId, { state: 'PAUSED' }).expect(200);
    const placedAt = new Date(Date.now() - 3_600_000).toISOString();
    await api()
      .post('/v1/orders')
      .set(auth('internal'))
      .send(order(brandId, ['P-1'], { placedAt }))
      .expect(201);
    await place(order(brandId)).expect(409);
  });

  it('adds BUSY’s extra minutes to the prep estimate that promises are made by', async () => {
    const brandId = newBrand();
    const busy = await setState(brandId, { state: 'BUSY', extraPrepMinutes: 10 }).expect(200);
    expect(busy.body).toMatchObject({
      state: 'BUSY',
      extraPrepMinutes: 10,
      prepEstimateMinutes: stack.config.defaultPrepMinutes + 10,
    });
    const created = await place(order(brandId)).expect(201);
    const accepted = await api()
      .patch(`/v1/orders/${created.body.id}/status`)
      .set(auth('staff'))
      .send({ status: 'ACCEPTED' })
      .expect(200);
    const history = await api().get(`/v1/orders/${created.body.id}/history`).set(auth('staff')).expect(200);
    const acceptedAt = Date.parse(history.body.order.at(-1).at);
    expect(Date.parse(accepted.body.promisedReadyAt) - acceptedAt).toBe((stack.config.defaultPrepMinutes + 10) * 60_000);

    const online = await setState(brandId, { state: 'ONLINE' }).expect(200);
    expect(online.body).toMatchObject({
      state: 'ONLINE',
      extraPrepMinutes: null,
      prepEstimateMinutes: stack.config.defaultPrepMinutes,
    });
  });

  it('publishes brand events with the brand as subject and a gapless sequence, none for a change to what already stands', async () => {
    const brandId = newBrand();
    const pausedUntil = inMs(1_200);
    await setState(brandId, { state: 'BUSY', extraPrepMinutes: 5 }).expect(200);
    await setState(brandId, { state: 'BUSY', extraPrepMinutes: 5 }).expect(200);
    await setItem(brandId, 'P-7', { available: false }).expect(200);
    await setItem(brandId, 'P-7', { available: false }).expect(200);
    await setState(brandId, { state: 'PAUSED', until: pausedUntil }).expect(200);
    await setItem(brandId, 'P-7', { available: true }).expect(200);

    const events = await eventually(() => brandEvents(brandId).length >= 5 && brandEvents(brandId), 'five brand events', 5_000);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(events.map((e) => e.type)).toEqual([
      'brand.availability_changed',
      'brand.item_availability_changed',
      'brand.availability_changed',
      'brand.item_availability_changed',
      'brand.availability_changed',
    ]);
    expect(events[0]!.data).toMatchObject({ brandId, state: 'BUSY', extraPrepMinutes: 5, until: null });
    expect(events[2]!.data).toMatchObject({ brandId, state: 'PAUSED', extraPrepMinutes: null, until: pausedUntil });
    // The last one: the sweep putting the brand back ONLINE when its until passed.
    expect(events[4]!.data).toMatchObject({ brandId, state: 'ONLINE', until: null, at: pausedUntil });
    for (const e of events) expect(e.time).toBe((e.data as { at: string }).at);
    const got = await api().get(`/v1/brands/${brandId}/availability`).set(auth('staff')).expect(200);
    expect((got.body as BrandAvailabilityView).state).toBe('ONLINE');
  });

  it.each([
    ['an unknown state', { state: 'CLOSED' }, 'state'],
    ['extraPrepMinutes without BUSY', { state: 'PAUSED', extraPrepMinutes: 5 }, 'extraPrepMinutes'],
    ['extraPrepMinutes of 0', { state: 'BUSY', extraPrepMinutes: 0 }, 'extraPrepMinutes'],
    ['extraPrepMinutes of 121', { state: 'BUSY', extraPrepMinutes: 121 }, 'extraPrepMinutes'],
    ['an until in the past', { state: 'PAUSED', until: inMs(-60_000) }, 'until'],
    ['an until with ONLINE', { state: 'ONLINE', until: inMs(60_000) }, 'until'],
    ['an unknown field', { state: 'BUSY', minutes: 5 }, 'minutes'],
  ])('refuses %s with a 400 naming the field, changing nothing', async (_label, body, field) => {
    const brandId = newBrand();
    const res = await setState(brandId, body).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const got = await api().get(`/v1/brands/${brandId}/availability`).set(auth('staff')).expect(200);
    expect(got.body.state).toBe('ONLINE');
  });

  it.each([
    ['an until with available: true', 'P-1', { available: true, until: inMs(60_000) }, 'until'],
    ['an until in the past', 'P-1', { available: false, until: inMs(-1_000) }, 'until'],
    ['available as a string', 'P-1', { available: 'no' }, 'available'],
    ['a plu that is not one', 'bad%20plu', { available: false }, 'plu'],
  ])('refuses an item change with %s (400 naming the field)', async (_label, plu, body, field) => {
    const brandId = newBrand();
    const res = await setItem(brandId, plu, body).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const got = await api().get(`/v1/brands/${brandId}/availability`).set(auth('staff')).expect(200);
    expect(got.body.snoozedItems).toEqual([]);
  });
});
