import { customerKeyOf } from '#contracts';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  countRows,
  createCommand,
  orderInput,
  outboxOf,
  startOrders,
  testDatabaseUrl,
  valueOf,
  type OrdersKit,
} from './support/orders-test-kit.js';

testDatabaseUrl();

describe('CreateOrderService (real PostgreSQL)', () => {
  let kit: OrdersKit;
  beforeAll(async () => {
    kit = await startOrders();
  });
  afterAll(() => kit.close());

  it('persists every field and answers with the order as GET shows it', async () => {
    const command = createCommand();
    const before = Date.now();
    const { order, created } = valueOf(await kit.create.execute(command));

    expect(created).toBe(true);
    expect(order).toEqual({
      id: command.orderId,
      channelOrderId: command.order.channelOrderId,
      brandId: command.order.brandId,
      account: 'acct-1',
      archived: false,
      customer: { id: 'c-42', name: 'John Doe', phoneNumber: '+123456789' },
      deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1', postalCode: '00100' },
      fulfillment: { mode: 'DELIVERY' },
      pickupTime: command.order.pickupTime,
      scheduled: false,
      releaseAt: order.createdAt,
      promisedReadyAt: null,
      items: [
        { plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 2, unitPrice: 12.5, status: 'QUEUED' },
        { plu: 'CAT1-0002', name: 'Fries', quantity: 3, unitPrice: 0.1, status: 'QUEUED' },
      ],
      payments: [{ reference: command.order.payments![0]!.reference, amount: 25.3 }],
      currency: 'EUR',
      status: 'PLACED',
      version: 1,
      totalAmount: 25.3,
      paidAmount: 25.3,
      refundedAmount: 0,
      placedAt: order.createdAt,
      createdAt: order.createdAt,
      updatedAt: order.createdAt,
    });
    expect(Object.keys(order.deliveryAddress!)).toEqual(['city', 'street', 'postalCode']);
    expect(order.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(order.createdAt)).toBeGreaterThanOrEqual(before);
    expect(valueOf(await kit.getOrder.execute({ orderId: order.id }))).toEqual(order);

    const [row] = await kit.dataSource.query('SELECT customer_id, backfilled, last_sequence FROM orders.orders WHERE id = $1', [
      order.id,
    ]);
    expect(row).toEqual({ customer_id: 'c-42', backfilled: false, last_sequence: 1 });

    const outbox = await outboxOf(kit.dataSource, order.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.payload).toEqual({
      specversion: '1.0',
      id: outbox[0]!.event_id,
      type: 'order.created',
      source: 'orders-service',
      subject: order.id,
      time: order.placedAt,
      sequence: 1,
      datacontenttype: 'application/json',
      correlationid: command.correlationId,
      data: order,
    });
    expect(outbox[0]!.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('stores optional fields as null and derives the customer key from the phone number', async () => {
    const input = orderInput({
      customer: { name: 'Ann', phoneNumber: '+358 (40) 123-4567' },
      items: [{ plu: 'X1', name: 'Tea', quantity: 1 }],
    });
    delete input.account;
    delete input.deliveryAddress;
    delete input.pickupTime;
    delete input.payments;
    delete input.currency;
    const { order } = valueOf(await kit.create.execute(createCommand(input)));

    expect(order).toMatchObject({
      account: null,
      customer: { id: null, name: 'Ann', phoneNumber: '+358 (40) 123-4567' },
      deliveryAddress: null,
      fulfillment: { mode: 'PICKUP' },
      pickupTime: null,
      items: [{ plu: 'X1', name: 'Tea', quantity: 1, unitPrice: null, status: 'QUEUED' }],
      payments: [],
      currency: null,
      totalAmount: 0,
    });
    const [row] = await kit.dataSource.query('SELECT customer_id FROM orders.orders WHERE id = $1', [order.id]);
    expect(row.customer_id).toBe(customerKeyOf(input.customer));
    expect(row.customer_id).toBe('+358401234567');
  });

  it('writes the first history entries: the order PLACED and each item QUEUED at placedAt', async () => {
    const { order } = valueOf(await kit.create.execute(createCommand()));
    const history = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(history).toEqual({
      order: [{ status: 'PLACED', at: order.placedAt, actor: 'channel:test' }],
      items: {
        'CAT1-0001': [{ status: 'QUEUED', at: order.placedAt, actor: 'channel:test' }],
        'CAT1-0002': [{ status: 'QUEUED', at: order.placedAt, actor: 'channel:test' }],
      },
    });
  });

  it('backfills placedAt from the past and marks the order, and refuses one in the future', async () => {
    const command = createCommand(undefined, {
      placedAt: '2024-03-01T10:00:00Z',
      caller: { role: 'internal', actor: 'importer' },
    });
    const { order } = valueOf(await kit.create.execute(command));
    expect(order.placedAt).toBe('2024-03-01T10:00:00.000Z');
    expect(order.createdAt).not.toBe(order.placedAt);
    const [row] = await kit.dataSource.query('SELECT backfilled FROM orders.orders WHERE id = $1', [order.id]);
    expect(row.backfilled).toBe(true);
    expect((await outboxOf(kit.dataSource, order.id))[0]!.payload.time).toBe('2024-03-01T10:00:00.000Z');

    const future = createCommand(undefined, { placedAt: new Date(Date.now() + 60_000).toISOString() });
    expect(await kit.create.execute(future)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'invalid_time', field: 'placedAt' }),
    });
    // Kept for a client holding a 202: the order's URL answers the refusal.
    expect(await kit.getOrder.execute({ orderId: future.orderId })).toMatchObject({
      ok: false,
      error: { code: 'invalid_time', field: 'placedAt' },
    });
  });

  it('answers a retry of the same channel order with the existing order, the token it brought and no second event', async () => {
    const command = createCommand();
    const first = valueOf(await kit.create.execute(command));
    expect(first.trackingToken).toBe(command.trackingToken);
    const again = { ...command, correlationId: randomUUID(), trackingToken: randomBytes(24).toString('base64url') };
    const retry = valueOf(await kit.create.execute(again));
    expect(retry).toEqual({ order: first.order, created: false, trackingToken: again.trackingToken });
    expect(await outboxOf(kit.dataSource, command.orderId)).toHaveLength(1);
    expect(await countRows(kit.dataSource, 'status_history', command.orderId)).toBe(3);
  });

  it('answers an Idempotency-Key retry with the stored order, and refuses the key with another body', async () => {
    const key = `idem-${randomUUID()}`;
    const command = createCommand(undefined, { idempotencyKey: key, requestHash: 'h1' });
    const first = valueOf(await kit.create.execute(command));
    expect(first.created).toBe(true);

    const retry = { ...command, trackingToken: randomBytes(24).toString('base64url') };
    expect(valueOf(await kit.create.execute(retry))).toEqual({
      order: first.order,
      created: false,
      trackingToken: retry.trackingToken,
    });

    const other = createCommand(undefined, { idempotencyKey: key, requestHash: 'h2' });
    const refused = await kit.create.execute(other);
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'idempotency_conflict' }) });
    if (!refused.ok) expect(refused.error.detail).not.toHaveLength(0);
    expect(await kit.getOrder.execute({ orderId: other.orderId })).toMatchObject({
      ok: false,
      error: { code: 'idempotency_conflict' },
    });
  });

  it('settles concurrent duplicates: one creates, the others get that order, one event in all', async () => {
    const command = createCommand();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => kit.create.execute({ ...command, correlationId: randomUUID() })),
    );
    const outcomes = results.map(valueOf);
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    for (const o of outcomes) expect(o.order).toEqual(outcomes[0]!.order);
    expect(await outboxOf(kit.dataSource, command.orderId)).toHaveLength(1);
    expect(await countRows(kit.dataSource, 'payments', command.orderId)).toBe(1);
  });

  it('settles concurrent requests sharing an Idempotency-Key', async () => {
    const key = `idem-${randomUUID()}`;
    const command = createCommand(undefined, { idempotencyKey: key, requestHash: 'same' });
    const outcomes = (await Promise.all(Array.from({ length: 6 }, () => kit.create.execute(command)))).map(valueOf);
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.order.id))).toEqual(new Set([command.orderId]));
  });

  it('refuses a payment reference another order holds, naming it, and writes nothing', async () => {
    const first = createCommand();
    valueOf(await kit.create.execute(first));
    const reference = first.order.payments![0]!.reference;
    const second = createCommand(
      orderInput({
        payments: [
          { reference: `pay_${randomUUID()}`, amount: 1 },
          { reference, amount: 2 },
        ],
      }),
      { idempotencyKey: `idem-${randomUUID()}` },
    );

    expect(await kit.create.execute(second)).toEqual({
      ok: false,
      error: { code: 'duplicate_payment', reference, detail: expect.stringContaining(reference) },
    });
    for (const table of ['orders', 'order_items', 'payments', 'status_history', 'outbox']) {
      const column = table === 'orders' ? 'id' : 'order_id';
      const [row] = await kit.dataSource.query(`SELECT count(*)::int AS n FROM orders.${table} WHERE ${column} = $1`, [
        second.orderId,
      ]);
      expect({ table, n: row.n }).toEqual({ table, n: 0 });
    }
    const [key] = await kit.dataSource.query('SELECT count(*)::int AS n FROM orders.idempotency_keys WHERE key = $1', [
      second.idempotencyKey,
    ]);
    expect(key.n).toBe(0);
  });

  it('keeps money exact where binary floating point would not', async () => {
    const input = orderInput({
      items: [
        { plu: 'A', name: 'a', quantity: 3, unitPrice: 0.1 },
        { plu: 'B', name: 'b', quantity: 10000, unitPrice: 999999.9999 },
      ],
      payments: [],
    });
    const { order } = valueOf(await kit.create.execute(createCommand(input)));
    expect(order.totalAmount).toBe(9999999999.3);
    const [row] = await kit.dataSource.query('SELECT total_amount FROM orders.orders WHERE id = $1', [order.id]);
    expect(row.total_amount).toBe('9999999999.3000');
  });

  it('answers each of a batch on its own: a refused or broken command never fails the others', async () => {
    const taken = createCommand();
    valueOf(await kit.create.execute(taken));
    const good = Array.from({ length: 10 }, () => createCommand());
    const sameReference = createCommand(
      orderInput({ payments: [{ reference: taken.order.payments![0]!.reference, amount: 1 }] }),
    );
    const twicePaid = createCommand(
      orderInput({
        payments: [
          { reference: 'pay-twice', amount: 1 },
          { reference: 'pay-twice', amount: 2 },
        ],
      }),
    );
    // The database refuses a quantity of 0 (the gateway never sends one): the whole batch fails, then each runs alone.
    const broken = createCommand(orderInput({ items: [{ plu: 'X', name: 'x', quantity: 0, unitPrice: 1 }] }));
    const retry = { ...good[0]!, correlationId: randomUUID() };

    const results = await Promise.allSettled(
      [...good, sameReference, twicePaid, broken, retry].map((c) => kit.create.execute(c)),
    );

    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : { rejected: true }));
    expect(values.slice(0, 10).map((v) => 'ok' in v && v.ok && v.value.order.id)).toEqual(good.map((c) => c.orderId));
    expect(values[10]).toMatchObject({ ok: false, error: { code: 'duplicate_payment' } });
    expect(values[11]).toMatchObject({ ok: false, error: { code: 'duplicate_payment', reference: 'pay-twice' } });
    expect(values[12]).toEqual({ rejected: true });
    expect(values[13]).toMatchObject({ ok: true, value: { created: false, order: { id: good[0]!.orderId } } });
    for (const c of [sameReference, twicePaid, broken]) expect(await countRows(kit.dataSource, 'outbox', c.orderId)).toBe(0);
    for (const c of good) expect(await countRows(kit.dataSource, 'outbox', c.orderId)).toBe(1);
  });

  it('commits creates arriving together in one transaction', async () => {
    const commands = Array.from({ length: 10 }, () => createCommand());
    await Promise.all(commands.map((c) => kit.create.execute(c)));
    const [row] = await kit.dataSource.query(
      `SELECT count(DISTINCT xmin::text)::int AS n FROM orders.orders WHERE id = ANY($1::uuid[])`,
      [commands.map((c) => c.orderId)],
    );
    expect(row.n).toBe(1);
  });
});
