import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EventTap } from '#test-support/event-tap.js';
import { getJson, SseClient } from '#test-support/sse-client.js';
import { startStack, type Stack } from '#test-support/stack.js';

describe('GET /v1/stream (Server-Sent Events of orders.events)', () => {
  let stack: Stack;
  let tap: EventTap;
  const open: SseClient[] = [];
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const uniq = () => `SSE-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    stack = await startStack();
    tap = await EventTap.open(stack.amqpUrl);
  });
  afterEach(() => open.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    try {
      await tap?.close();
    } finally {
      await stack?.stop();
    }
  });

  const connect = async (query = '', role = 'staff', headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${stack.gatewayUrl}/v1/stream${query}`, { ...auth(role), ...headers });
    open.push(client);
    // The opening frame is written after the subscription: from here on nothing is missed.
    await client.waitFor(() => client.frames.length > 0, 'the opening frame');
    return client;
  };
  const place = async (brandId = `brand-${uniq()}`) => {
    const res = await request(stack.gatewayUrl)
      .post('/v1/orders')
      .set(auth('channel'))
      .send({
        channelOrderId: uniq(),
        brandId,
        customer: { name: 'Ada' },
        items: [{ plu: 'P-1', name: 'Soup', quantity: 1, unitPrice: 9 }],
      });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const move = async (id: string, status: string) => {
    expect((await request(stack.gatewayUrl).patch(`/v1/orders/${id}/status`).set(auth('staff')).send({ status })).status).toBe(
      200,
    );
  };
  const streamed = (client: SseClient, orderId: string) => client.events().filter((e) => e.data.subject === orderId);
  const tapped = (orderId: string) => tap.of(orderId).map(({ event }) => ({ id: event.id, event: event.type, data: event }));
  const waitStreamed = (client: SseClient, orderId: string, count: number) =>
    client.waitFor(() => streamed(client, orderId).length >= count && streamed(client, orderId), `${count} events of ${orderId}`);

  it('streams every event with id, event and the whole CloudEvent as data, in order, as a plain AMQP subscriber gets it', async () => {
    const client = await connect();
    expect(client.response.statusCode).toBe(200);
    expect(client.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(client.frames[0]).toMatchObject({ retry: expect.stringMatching(/^\d+$/), comments: ['connected'] });

    const id = await place();
    for (const status of ['ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP']) await move(id, status);
    await tap.waitFor(id, 7);
    const events = await waitStreamed(client, id, 7);
    expect(events).toEqual(tapped(id));
    expect(events.map((e) => [e.data.sequence, e.event])).toEqual([
      [1, 'order.created'],
      [2, 'order.status_changed'],
      [3, 'order.promised_time_changed'],
      [4, 'order.status_changed'],
      [5, 'order.status_changed'],
      [6, 'order.item_status_changed'],
      [7, 'order.status_changed'],
    ]);
  });

  it('filters by orderId and by brandId, including events that do not carry the brand', async () => {
    const brandId = `brand-${uniq()}`;
    const other = await place();
    const byOrder = await connect(`?orderId=${other.toUpperCase()}`);
    const byBrand = await connect(`?brandId=${brandId}`);
    const mine = await place(brandId);
    await move(mine, 'REJECTED');
    await move(other, 'CANCELLED');
    await tap.waitFor(mine, 3);
    await tap.waitFor(other, 3);
    const lastOfOther = tapped(other).at(-1)!;
    await byOrder.waitFor(() => byOrder.events().some((e) => e.id === lastOfOther.id), 'the cancellation of other');
    await byBrand.waitFor(() => byBrand.events().length >= 3, 'the events of mine');
    // The relay publishes after commit, so order.created of `other` may reach the gateway just
    // before or just after the stream opened; everything from the cancellation on is live.
    const seenOfOther = byOrder.events();
    expect(seenOfOther.length).toBeGreaterThanOrEqual(2);
    expect(seenOfOther).toEqual(tapped(other).slice(-seenOfOther.length));
    expect(byBrand.events()).toEqual(tapped(mine));
    expect(byBrand.events().map((e) => e.event)).toEqual(['order.created', 'order.status_changed', 'order.item_status_changed']);
  });

  it('resumes from Last-Event-ID with exactly the missed events, then goes on live', async () => {
    const first = await connect();
    const id = await place();
    const [created] = await waitStreamed(first, id, 1);
    first.close();

    await move(id, 'ACCEPTED');
    await move(id, 'PREPARING');
    await tap.waitFor(id, 4);
    // The gateway's own queue may trail the tap by a moment: wait for the count, then compare.
    const resumed = await connect(`?orderId=${id}`, 'internal', { 'Last-Event-ID': created.id });
    await resumed.waitFor(() => resumed.events().length >= 3, 'the missed events');
    expect(resumed.events()).toEqual(tapped(id).slice(1));
    const unfiltered = await connect('', 'admin', { 'Last-Event-ID': created.id });
    await unfiltered.waitFor(() => streamed(unfiltered, id).length >= 3, 'the missed events, unfiltered');
    expect(streamed(unfiltered, id)).toEqual(tapped(id).slice(1));

    await move(id, 'CANCELLED');
    await tap.waitFor(id, 6);
    await waitStreamed(resumed, id, 5);
    expect(resumed.events()).toEqual(tapped(id).slice(1));

    const byQuery = await connect(`?orderId=${id}&lastEventId=${created.id}`);
    await byQuery.waitFor(() => byQuery.events().length >= 5, 'the missed events, by query');
    expect(byQuery.events()).toEqual(tapped(id).slice(1));
  });

  it('says so with an event: gap frame when the Last-Event-ID is no longer buffered, and goes on live', async () => {
    const client = await connect('', 'staff', { 'Last-Event-ID': randomUUID() });
    await client.waitFor(() => client.frames.some((f) => f.event === 'gap'), 'the gap frame');
    const gap = client.frames.find((f) => f.event === 'gap')!;
    expect(gap.id).toBeUndefined();
    expect(JSON.parse(gap.data!).detail).toBeTruthy();
    const id = await place();
    await waitStreamed(client, id, 1);
  });

  it.each([
    ['no key', '', {}, 401, 'unauthorized'],
    ['a channel key', '', { Authorization: 'Bearer test-channel-key' }, 403, 'forbidden'],
    ['an analyst key', '', { Authorization: 'Bearer test-analyst-key' }, 403, 'forbidden'],
    ['an orderId that is not a UUID', '?orderId=nope', { Authorization: 'Bearer test-staff-key' }, 400, 'validation-error'],
    ['an empty brandId', '?brandId=', { Authorization: 'Bearer test-staff-key' }, 400, 'validation-error'],
  ])('answers %s with a problem document before any stream', async (_label, query, headers, status, type) => {
    const res = await getJson(`${stack.gatewayUrl}/v1/stream${query}`, headers);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: `https://problems.orders.dev/${type}`, detail: expect.any(String) });
  });

  it('is documented in the OpenAPI document', async () => {
    const docs = await request(stack.gatewayUrl).get('/docs-json');
    expect(docs.body.paths['/v1/stream'].get.description).toContain('Last-Event-ID');
  });
});
