import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { TRACKING_VIEW_KEYS } from '#contracts';
import { getJson, SseClient } from '#test-support/sse-client.js';
import { startStack, type Stack } from '#test-support/stack.js';
import { eventually } from '#test-support/wait.js';

/** The contract's list (section 9, Tracking link), written out: the answer must have exactly these. */
const CONTRACT_KEYS = ['status', 'fulfillment', 'placedAt', 'scheduled', 'pickupTime', 'promisedReadyAt', 'items', 'updatedAt'];
const TTL_MS = 1_500;

describe('tracking links (GET /v1/track/{token} and its stream)', () => {
  let stack: Stack;
  const open: SseClient[] = [];
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const uniq = () => `TRK-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const api = () => request(stack.gatewayUrl);

  beforeAll(async () => {
    stack = await startStack({ TRACKING_TTL_MS: String(TTL_MS), INTAKE_WAIT_MS: '500' });
  });
  afterEach(() => open.splice(0).forEach((c) => c.close()));
  afterAll(() => stack?.stop());

  const personal = {
    customer: { id: 'cust-tracked-1', name: 'Grace Hopper', phoneNumber: '+358401234567' },
    deliveryAddress: { city: 'Espoo', street: 'Secretstreet 7', postalCode: '02150' },
  };
  const body = () => ({
    channelOrderId: uniq(),
    brandId: `brand-${uniq()}`,
    account: 'acct-secret',
    ...personal,
    payments: [{ reference: `pay-${randomBytes(6).toString('hex')}`, amount: 21 }],
    items: [
      { plu: 'P-1', name: 'Ramen', quantity: 2, unitPrice: 9 },
      { plu: 'P-2', name: 'Gyoza', quantity: 1, unitPrice: 3 },
    ],
  });
  const place = async (order = body()) => {
    const res = await api().post('/v1/orders').set(auth('channel')).send(order);
    expect(res.status).toBe(201);
    return { order, id: res.body.id as string, token: res.body.trackingToken as string, created: res.body };
  };
  /** Moves the order and answers when it moved, by the service's clock (a link's time to live counts from there). */
  const move = async (id: string, status: string) => {
    const res = await api().patch(`/v1/orders/${id}/status`).set(auth('staff')).send({ status });
    expect(res.status).toBe(200);
    return Date.parse((res.body as { updatedAt: string }).updatedAt);
  };
  const track = (token: string) => api().get(`/v1/track/${token}`);

  it('shows the live order with exactly the contract’s members and nothing personal', async () => {
    const { order, id, token, created } = await place();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(token).not.toContain(id.replace(/-/g, '').slice(0, 8));
    await move(id, 'ACCEPTED');

    const res = await track(token);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(Object.keys(res.body).sort()).toEqual([...CONTRACT_KEYS].sort());
    expect([...TRACKING_VIEW_KEYS].sort()).toEqual([...CONTRACT_KEYS].sort());
    expect(Object.keys(res.body.fulfillment)).toEqual(['mode']);
    for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(['name', 'quantity', 'status']);
    expect(res.body).toEqual({
      status: 'ACCEPTED',
      fulfillment: { mode: 'DELIVERY' },
      placedAt: created.placedAt,
      scheduled: false,
      pickupTime: null,
      promisedReadyAt: expect.any(String),
      items: [
        { name: 'Ramen', quantity: 2, status: 'QUEUED' },
        { name: 'Gyoza', quantity: 1, status: 'QUEUED' },
      ],
      updatedAt: expect.any(String),
    });
    const text = JSON.stringify(res.body);
    const secrets = [id, order.brandId, order.channelOrderId, 'acct-secret', 'cust-tracked-1', 'Grace', '+358', 'Espoo'];
    for (const secret of [...secrets, 'Secretstreet', order.payments[0]!.reference]) expect(text).not.toContain(secret);

    // The order view and the events keep the token to the creator's answer.
    const view = await api().get(`/v1/orders/${id}`).set(auth('staff'));
    expect(view.body).not.toHaveProperty('trackingToken');
    expect(JSON.stringify(view.body)).not.toContain(token);
  });

  it('answers a retry of the create (same channel order, or same Idempotency-Key) with a token of its own that works too', async () => {
    const order = body();
    const key = `idem-${uniq()}`;
    const first = await api().post('/v1/orders').set(auth('channel')).set('Idempotency-Key', key).send(order);
    expect(first.status).toBe(201);
    const byKey = await api().post('/v1/orders').set(auth('channel')).set('Idempotency-Key', key).send(order);
    const byChannelOrder = await api().post('/v1/orders').set(auth('channel')).send(order);
    expect([byKey.status, byChannelOrder.status]).toEqual([200, 200]);
    const tokens = [first, byKey, byChannelOrder].map((r) => r.body.trackingToken as string);
    expect(new Set(tokens).size).toBe(3);
    for (const token of tokens) expect((await track(token)).body).toEqual((await track(tokens[0]!)).body);
    expect((await track(tokens[0]!)).body).toMatchObject({ status: 'PLACED' });
  });

  it('gives the 202 and a retry answered 202 tokens that work once the order is stored, as do later retries', async () => {
    const order = body();
    await stack.stopOrders();
    const queued: request.Response[] = [];
    try {
      queued.push(await api().post('/v1/orders').set(auth('channel')).send(order));
      queued.push(await api().post('/v1/orders').set(auth('channel')).send(order));
    } finally {
      await stack.startOrders();
    }
    expect(queued.map((r) => r.status)).toEqual([202, 202]);
    const tokens = queued.map((r) => r.body.trackingToken as string);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    for (const token of tokens) {
      const shown = await eventually(async () => (await track(token)).status === 200, 'the queued order to be stored', 20_000);
      expect(shown).toBe(true);
    }
    const retry = await api().post('/v1/orders').set(auth('channel')).send(order);
    expect(retry.status).toBe(200);
    expect((await track(retry.body.trackingToken as string)).status).toBe(200);
  });

  it('streams the current view, then an update after each change, as event: update with the view as data', async () => {
    const { id, token } = await place();
    const client = await SseClient.open(`${stack.gatewayUrl}/v1/track/${token}/stream`, {});
    open.push(client);
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const updates = () => client.frames.filter((f) => f.event === 'update').map((f) => JSON.parse(f.data!));
    await client.waitFor(() => updates().length >= 1, 'the opening view');
    expect(updates()[0]).toMatchObject({ status: 'PLACED' });

    await move(id, 'ACCEPTED');
    await client.waitFor(() => updates().some((u) => u.status === 'ACCEPTED'), 'the ACCEPTED update');
    await move(id, 'PREPARING');
    const latest = await client.waitFor(() => updates().find((u) => u.status === 'PREPARING'), 'the PREPARING update');
    expect(Object.keys(latest).sort()).toEqual([...CONTRACT_KEYS].sort());
    expect(latest).toEqual((await track(token)).body);
    expect(client.frames.every((f) => f.id === undefined)).toBe(true);
  });

  it('answers unknown, malformed and expired tokens with the same 404, and a terminal order’s link only within TRACKING_TTL_MS', async () => {
    const { id, token } = await place();
    const cancelledAt = await move(id, 'CANCELLED');
    expect((await track(token)).status).toBe(200);
    await eventually(async () => (await track(token)).status === 404, 'the link expiring', TTL_MS + 5_000, 100);
    expect(Date.now() - cancelledAt).toBeGreaterThanOrEqual(TTL_MS - 100);

    const unknown = randomBytes(24).toString('base64url');
    const answers = await Promise.all(
      [unknown, 'not-a-token', token.slice(0, 31), token].map((t) => track(encodeURIComponent(t))),
    );
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(new Set(answers.map((r) => r.text)).size).toBe(1);
    expect(answers[0]!.body).toMatchObject({ status: 404 });
    expect(answers[0]!.text).not.toContain(unknown);

    const streamed = await getJson(`${stack.gatewayUrl}/v1/track/${token}/stream`, {});
    expect(streamed.status).toBe(404);
    expect(JSON.stringify(streamed.body)).toBe(answers[0]!.text);
  });

  it('ends an open stream when its link expires', async () => {
    const { id, token } = await place();
    const client = await SseClient.open(`${stack.gatewayUrl}/v1/track/${token}/stream`, {});
    open.push(client);
    await client.waitFor(() => client.frames.some((f) => f.event === 'update'), 'the opening view');
    const rejectedAt = await move(id, 'REJECTED');
    await client.waitFor(() => client.frames.some((f) => f.data?.includes('"REJECTED"')), 'the REJECTED update');
    await new Promise((resolve) => client.response.once('end', resolve));
    expect(Date.now() - rejectedAt).toBeGreaterThanOrEqual(TTL_MS - 200);
    expect((await track(token)).status).toBe(404);
  });
});
