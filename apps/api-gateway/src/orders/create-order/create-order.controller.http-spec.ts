import { createHash } from 'node:crypto';
import { type CreateOrderCommand, type DomainError, orderIdFor } from '#contracts';
import {
  bearer,
  createGatewayTestApp,
  expectProblem,
  fieldsOf,
  type GatewayTestApp,
  KEYS,
  orderView,
  validOrderBody,
} from '#test-support/gateway/gateway-test-app.js';
import { canonicalJson } from '../request-input.js';

let t: GatewayTestApp;
beforeAll(async () => {
  t = await createGatewayTestApp();
});
afterAll(() => t.close());
beforeEach(() => t.client.reset());

const body = validOrderBody();
const ORDER_ID = orderIdFor(body.brandId as string, body.channelOrderId as string);
const STORED_TOKEN = 'q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe';
const created = (createdNow = true) => ({
  answered: true as const,
  result: {
    ok: true as const,
    value: { order: orderView({ id: ORDER_ID, version: 1 }), created: createdNow, trackingToken: STORED_TOKEN },
  },
});
const refused = (error: DomainError) => ({ answered: true as const, result: { ok: false as const, error } });
const post = () => t.http().post('/v1/orders');
const sentCommand = () => {
  const [sent] = t.client.commands();
  return sent as { pattern: string; payload: CreateOrderCommand; waitMs: number };
};

describe('POST /v1/orders: answers', () => {
  it('201 with the order, Location and ETag once persisted', async () => {
    t.client.onCommand('orders.create', created(true));
    const res = await post().set(bearer('channel')).set('X-Correlation-Id', 'corr-1').send(body);
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers.location).toBe(`/v1/orders/${ORDER_ID}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers['x-correlation-id']).toBe('corr-1');
    expect(res.body).toEqual({ ...orderView({ id: ORDER_ID, version: 1 }), trackingToken: STORED_TOKEN });
  });

  it('sends the create command with the derived id, the order, a request hash, the caller and correlation id', async () => {
    t.client.onCommand('orders.create', created(true));
    await post()
      .set(bearer('channel'))
      .set('X-Correlation-Id', 'corr-2')
      .set('Idempotency-Key', 'key-123')
      .send(body)
      .expect(201);
    const sent = sentCommand();
    expect(t.client.sent).toHaveLength(1);
    expect(sent.pattern).toBe('orders.create');
    expect(sent.waitMs).toBe(50); // INTAKE_WAIT_MS of the test config
    expect(sent.payload).toEqual({
      orderId: ORDER_ID,
      order: body,
      idempotencyKey: 'key-123',
      requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
      trackingToken: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      caller: { role: 'channel', actor: expect.stringMatching(/^channel:[0-9a-f]{8}$/) },
      correlationId: 'corr-2',
    });
  });

  it('hashes the body canonically: the same fields in another order give the same hash', async () => {
    t.client.onCommand('orders.create', created(true));
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    await post().set(bearer('channel')).send(body).expect(201);
    await post().set(bearer('channel')).send(reordered).expect(201);
    const [a, b] = t.client.commands() as { payload: CreateOrderCommand }[];
    expect(a.payload.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.payload.requestHash).toBe(b.payload.requestHash);
    const changed = { ...body, currency: 'USD' };
    await post().set(bearer('channel')).send(changed).expect(201);
    expect((t.client.commands()[2].payload as CreateOrderCommand).requestHash).not.toBe(a.payload.requestHash);
  });

  it('sends a fresh correlation id, not one that holds an API key', async () => {
    t.client.onCommand('orders.create', created(true));
    const res = await post().set(bearer('channel')).set('X-Correlation-Id', `c-${KEYS.admin}`).send(body).expect(201);
    expect(sentCommand().payload.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-correlation-id']).toBe(sentCommand().payload.correlationId);
  });

  it('makes a correlation id when none is given', async () => {
    t.client.onCommand('orders.create', created(true));
    const res = await post().set(bearer('channel')).send(body).expect(201);
    expect(sentCommand().payload.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-correlation-id']).toBe(sentCommand().payload.correlationId);
  });

  it('200 with the existing order (and Location) when it already existed', async () => {
    t.client.onCommand('orders.create', created(false));
    const res = await post().set(bearer('channel')).send(body);
    expect(res.status).toBe(200);
    expect(res.headers.location).toBe(`/v1/orders/${ORDER_ID}`);
    expect(res.body.id).toBe(ORDER_ID);
    expect(res.body.trackingToken).toBe(STORED_TOKEN);
  });

  it('202 with { id, status: PLACED, trackingToken } and Location when not persisted within INTAKE_WAIT_MS', async () => {
    t.client.onCommand('orders.create', { answered: false });
    const res = await post().set(bearer('channel')).send(body);
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/v1/orders/${ORDER_ID}`);
    expect(res.body).toEqual({ id: ORDER_ID, status: 'PLACED', trackingToken: sentCommand().payload.trackingToken });
  });

  it('mints a new random token for each request, not derived from the order id', async () => {
    t.client.onCommand('orders.create', { answered: false });
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) tokens.add((await post().set(bearer('channel')).send(body).expect(202)).body.trackingToken);
    expect(tokens.size).toBe(3);
  });

  it('lets internal and admin keys backfill placedAt, sent apart from the order and in UTC with ms', async () => {
    t.client.onCommand('orders.create', created(true));
    for (const role of ['internal', 'admin'] as const) {
      t.client.sent.length = 0;
      await post()
        .set(bearer(role))
        .send({ ...body, placedAt: '2021-07-22T22:28:02+02:00' })
        .expect(201);
      const { payload } = sentCommand();
      expect(payload.placedAt).toBe('2021-07-22T20:28:02.000Z');
      expect(payload.order).not.toHaveProperty('placedAt');
    }
  });

  it('sends pickupTime as UTC with milliseconds', async () => {
    t.client.onCommand('orders.create', created(true));
    const soon = new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 60_000);
    const local = `${soon.toISOString().slice(0, 19)}+00:00`;
    await post()
      .set(bearer('channel'))
      .send({ ...body, pickupTime: local })
      .expect(201);
    expect(sentCommand().payload.order.pickupTime).toBe(soon.toISOString());
  });

  it.each([
    ['8 days ahead', 8 * 24 * 60],
    ['2 minutes ago', -2],
  ])('400 for a pickupTime %s, nothing sent; a backfill may send it', async (_, minutes) => {
    const pickupTime = new Date(Date.now() + minutes * 60_000).toISOString();
    const problem = expectProblem(
      await post()
        .set(bearer('channel'))
        .send({ ...body, pickupTime }),
      400,
      'validation-error',
    );
    expect(problem.errors).toEqual([{ field: 'pickupTime', message: expect.any(String) }]);
    expect(t.client.sent).toEqual([]);
    t.client.onCommand('orders.create', created(true));
    await post()
      .set(bearer('internal'))
      .send({ ...body, pickupTime, placedAt: new Date(Date.now() - 60_000).toISOString() })
      .expect(201);
  });

  it('hands the orders client the order as plain data, not the validation pipe’s class instances', async () => {
    let order: CreateOrderCommand['order'] | undefined;
    t.client.onCommand('orders.create', (payload) => {
      order = payload.order;
      return created(true);
    });
    await post().set(bearer('channel')).send(body).expect(201);
    const objects = [order, order?.customer, order?.deliveryAddress, ...(order?.items ?? []), ...(order?.payments ?? [])];
    expect(objects.map((o) => (Object.getPrototypeOf(o) as object).constructor.name)).toEqual(objects.map(() => 'Object'));
  });

  it('accepts a customer with only a phone number, or only a name', async () => {
    t.client.onCommand('orders.create', created(true));
    await post()
      .set(bearer('channel'))
      .send({ ...body, customer: { phoneNumber: '+358 40 123 4567' } })
      .expect(201);
    await post()
      .set(bearer('channel'))
      .send({ ...body, customer: { name: 'Ann' } })
      .expect(201);
  });

  it('takes a name that shows nothing as absent: the phone number alone carries the order', async () => {
    t.client.onCommand('orders.create', created(true));
    await post()
      .set(bearer('channel'))
      .send({ ...body, customer: { name: ' \u200b\u00a0\t', phoneNumber: '+358 40 123 4567' } })
      .expect(201);
    expect(sentCommand().payload.order.customer).toEqual({ phoneNumber: '+358 40 123 4567' });
  });

  it('accepts the minimal order', async () => {
    t.client.onCommand('orders.create', created(true));
    const minimal = {
      channelOrderId: 'c1',
      brandId: 'b1',
      customer: { name: 'Ann' },
      items: [{ plu: 'P1', name: 'Tea', quantity: 2 }],
    };
    await post().set(bearer('channel')).send(minimal).expect(201);
    expect(sentCommand().payload.order).toEqual(minimal);
  });
});

describe('POST /v1/orders: refusals of the orders service', () => {
  it.each<[string, DomainError, number, string, Record<string, unknown>]>([
    [
      'duplicate_payment',
      { code: 'duplicate_payment', detail: 'Payment reference pay_8f2a belongs to another order.', reference: 'pay_8f2a' },
      409,
      'duplicate-payment',
      { reference: 'pay_8f2a' },
    ],
    [
      'idempotency_conflict',
      { code: 'idempotency_conflict', detail: 'Idempotency-Key key-1 was used with another body.' },
      409,
      'idempotency-conflict',
      {},
    ],
    [
      'invalid_time',
      { code: 'invalid_time', detail: 'placedAt is before the previous change', field: 'placedAt' },
      400,
      'validation-error',
      { errors: [{ field: 'placedAt', message: 'placedAt is before the previous change' }] },
    ],
  ])('%s', async (_code, error, status, type, extras) => {
    t.client.onCommand('orders.create', refused(error));
    const res = await post().set(bearer('internal')).send(body);
    const problem = expectProblem(res, status, type);
    expect(problem).toMatchObject({ detail: error.detail, ...extras });
  });
});

describe('POST /v1/orders: bad input changes nothing', () => {
  const mutate = (f: (b: any) => void) => {
    const b = validOrderBody() as any;
    f(b);
    return b;
  };

  it.each<[string, unknown, string[]]>([
    ['a missing channelOrderId', mutate((b) => delete b.channelOrderId), ['channelOrderId']],
    ['an empty channelOrderId', mutate((b) => (b.channelOrderId = '')), ['channelOrderId']],
    ['a missing brandId', mutate((b) => delete b.brandId), ['brandId']],
    ['a numeric brandId', mutate((b) => (b.brandId = 42)), ['brandId']],
    ['a missing customer', mutate((b) => delete b.customer), ['customer']],
    ['a customer that is a string', mutate((b) => (b.customer = 'John')), ['customer']],
    ['a customer without name and phone', mutate((b) => (b.customer = { id: 'c-42' })), ['customer.name']],
    ['a customer with a bad phone', mutate((b) => (b.customer.phoneNumber = 'call me')), ['customer.phoneNumber']],
    ['missing items', mutate((b) => delete b.items), ['items']],
    ['empty items', mutate((b) => (b.items = [])), ['items']],
    ['items that are not objects', mutate((b) => (b.items = ['burger'])), ['items.0']],
    ['an item without plu', mutate((b) => delete b.items[0].plu), ['items.0.plu']],
    ['an item without name', mutate((b) => delete b.items[0].name), ['items.0.name']],
    ['an item without quantity', mutate((b) => delete b.items[0].quantity), ['items.0.quantity']],
    ['a zero quantity', mutate((b) => (b.items[0].quantity = 0)), ['items.0.quantity']],
    ['a negative quantity', mutate((b) => (b.items[0].quantity = -2)), ['items.0.quantity']],
    ['a fractional quantity', mutate((b) => (b.items[0].quantity = 1.5)), ['items.0.quantity']],
    ['a quantity as a string', mutate((b) => (b.items[0].quantity = '1')), ['items.0.quantity']],
    ['a negative unitPrice', mutate((b) => (b.items[0].unitPrice = -1)), ['items.0.unitPrice']],
    ['a repeated plu', mutate((b) => b.items.push({ ...b.items[0] })), ['items']],
    [
      'a second item with a bad quantity',
      mutate((b) => b.items.push({ plu: 'P2', name: 'Fries', quantity: 0 })),
      ['items.1.quantity'],
    ],
    ['a payment without reference', mutate((b) => delete b.payments[0].reference), ['payments.0.reference']],
    ['a lower-case currency', mutate((b) => (b.currency = 'eur')), ['currency']],
    ['a pickupTime that is not a time', mutate((b) => (b.pickupTime = 'tonight')), ['pickupTime']],
    ['a pickupTime in a form JavaScript cannot read', mutate((b) => (b.pickupTime = '2021-W29-4')), ['pickupTime']],
    ['a fulfillment without mode', mutate((b) => (b.fulfillment = {})), ['fulfillment.mode']],
    ['an unknown fulfillment mode', mutate((b) => (b.fulfillment = { mode: 'DRONE' })), ['fulfillment.mode']],
    [
      'DINE_IN without a table',
      mutate((b) => (delete b.deliveryAddress, (b.fulfillment = { mode: 'DINE_IN' }))),
      ['fulfillment.table'],
    ],
    [
      'a table with PICKUP',
      mutate((b) => (delete b.deliveryAddress, (b.fulfillment = { mode: 'PICKUP', table: '4' }))),
      ['fulfillment.table'],
    ],
    [
      'a table of 21 characters',
      mutate((b) => (delete b.deliveryAddress, (b.fulfillment = { mode: 'DINE_IN', table: 'T'.repeat(21) }))),
      ['fulfillment.table'],
    ],
    [
      'a vehicle with PICKUP',
      mutate((b) => (delete b.deliveryAddress, (b.fulfillment = { mode: 'PICKUP', vehicle: 'van' }))),
      ['fulfillment.vehicle'],
    ],
    [
      'a vehicle of 61 characters',
      mutate((b) => (delete b.deliveryAddress, (b.fulfillment = { mode: 'CURBSIDE', vehicle: 'v'.repeat(61) }))),
      ['fulfillment.vehicle'],
    ],
    [
      'DELIVERY without a deliveryAddress',
      mutate((b) => (delete b.deliveryAddress, (b.fulfillment = { mode: 'DELIVERY' }))),
      ['deliveryAddress'],
    ],
    ['a deliveryAddress with DINE_IN', mutate((b) => (b.fulfillment = { mode: 'DINE_IN', table: '4' })), ['deliveryAddress']],
    ['a deliveryAddress with CURBSIDE', mutate((b) => (b.fulfillment = { mode: 'CURBSIDE' })), ['deliveryAddress']],
    ['an unknown fulfillment field', mutate((b) => (b.fulfillment = { mode: 'DELIVERY', door: 'back' })), ['fulfillment.door']],
    ['an unknown top-level field', mutate((b) => (b.foo = 1)), ['foo']],
    ['an unknown item field', mutate((b) => (b.items[0].colour = 'red')), ['items.0.colour']],
    ['an unknown customer field', mutate((b) => (b.customer.email = 'a@b.c')), ['customer.email']],
    ['an unknown address field', mutate((b) => (b.deliveryAddress.zip = '00100')), ['deliveryAddress.zip']],
    ['an empty object', {}, ['channelOrderId', 'brandId', 'customer', 'items']],
  ])('400 for %s', async (_label, input, fields) => {
    const res = await post()
      .set(bearer('admin'))
      .send(input as object);
    const problem = expectProblem(res, 400, 'validation-error');
    for (const field of fields) expect(fieldsOf(problem)).toContain(field);
    for (const error of problem.errors) expect(error.message).toEqual(expect.any(String));
    expect(problem.detail).toContain(fields[0]);
    expect(t.client.sent).toEqual([]);
  });

  it('names an unknown field in the message too', async () => {
    const problem = expectProblem(
      await post()
        .set(bearer('channel'))
        .send({ ...validOrderBody(), foo: 1 }),
      400,
      'validation-error',
    );
    expect(problem.errors).toEqual([{ field: 'foo', message: 'property foo should not exist' }]);
  });

  it('400 for malformed JSON', async () => {
    const res = await post().set(bearer('channel')).set('Content-Type', 'application/json').send('{"channelOrderId": "x",');
    const problem = expectProblem(res, 400, 'malformed-json');
    expect(problem.detail).toMatch(/JSON/);
    expect(t.client.sent).toEqual([]);
  });

  it('400 for a JSON array', async () => {
    expectProblem(await post().set(bearer('channel')).send([validOrderBody()]), 400, 'validation-error');
    expect(t.client.sent).toEqual([]);
  });

  it('413 for a body over the order body limit', async () => {
    const huge = { ...validOrderBody(), account: 'x'.repeat(1_100_000) };
    const res = await post().set(bearer('channel')).send(huge);
    expectProblem(res, 413, 'payload-too-large');
    expect(t.client.sent).toEqual([]);
  });

  it('415 for a body that is not JSON', async () => {
    const res = await post().set(bearer('channel')).set('Content-Type', 'text/plain').send(JSON.stringify(validOrderBody()));
    expectProblem(res, 415, 'unsupported-media-type');
    expect(t.client.sent).toEqual([]);
  });

  it.each([
    ['256 characters', 'k'.repeat(256)],
    ['an empty value', ''],
    ['non-ASCII characters', 'clé'],
  ])('400 for an Idempotency-Key of %s', async (_label, key) => {
    const res = await post().set(bearer('channel')).set('Idempotency-Key', key).send(validOrderBody());
    const problem = expectProblem(res, 400, 'validation-error');
    expect(fieldsOf(problem)).toEqual(['Idempotency-Key']);
    expect(t.client.sent).toEqual([]);
  });

  it.each(['channel'] as const)('403 naming placedAt when a %s key backfills it', async (role) => {
    const res = await post()
      .set(bearer(role))
      .send({ ...validOrderBody(), placedAt: '2021-07-22T20:28:02Z' });
    const problem = expectProblem(res, 403, 'forbidden');
    expect(problem.detail).toContain('placedAt');
    expect(fieldsOf(problem)).toEqual(['placedAt']);
    expect(t.client.sent).toEqual([]);
  });

  it('400 for a placedAt in the future', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    const problem = expectProblem(
      await post()
        .set(bearer('internal'))
        .send({ ...validOrderBody(), placedAt: future }),
      400,
      'validation-error',
    );
    expect(problem.errors).toEqual([{ field: 'placedAt', message: 'placedAt must not be in the future' }]);
    expect(t.client.sent).toEqual([]);
  });

  it('400 for a placedAt that is not a time', async () => {
    const problem = expectProblem(
      await post()
        .set(bearer('admin'))
        .send({ ...validOrderBody(), placedAt: 'yesterday' }),
      400,
      'validation-error',
    );
    expect(fieldsOf(problem)).toEqual(['placedAt']);
    expect(t.client.sent).toEqual([]);
  });
});
