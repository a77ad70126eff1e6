import { ORDER_STATUSES, ORDER_TRANSITIONS, type ChangeStatusCommand, type OrderStatus } from '#contracts';
import { eventually } from '#test-support/wait.js';
import { randomUUID } from 'node:crypto';
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

describe('ChangeStatusService (real PostgreSQL)', () => {
  let kit: OrdersKit;
  beforeAll(async () => {
    kit = await startOrders();
  });
  afterAll(() => kit.close());

  const staff = { role: 'staff', actor: 'staff:anna' };
  const change = (orderId: string, status: OrderStatus, extra: Partial<ChangeStatusCommand> = {}) =>
    kit.changeStatus.execute({ orderId, status, caller: staff, correlationId: randomUUID(), ...extra });

  async function newOrder(placedAt?: string) {
    return valueOf(await kit.create.execute(createCommand(orderInput(), placedAt ? { placedAt } : {}))).order;
  }

  it('walks PLACED to PICKED_UP with history, gapless sequences and the item cascade on READY', async () => {
    const created = await newOrder();
    let order = created;
    for (const [status, reason] of [
      ['ACCEPTED', undefined],
      ['PREPARING', undefined],
      ['READY', 'all done'],
      ['PICKED_UP', undefined],
    ] as const) {
      const previous = order;
      order = valueOf(await change(order.id, status, { reason }));
      expect(order).toMatchObject({
        status,
        version: previous.version + 1,
        placedAt: created.placedAt,
        createdAt: created.createdAt,
      });
      expect(Date.parse(order.updatedAt)).toBeGreaterThanOrEqual(Date.parse(previous.updatedAt));
    }
    expect(order.version).toBe(5);
    expect(order.items.map((i) => i.status)).toEqual(['READY', 'READY']);

    const outbox = await outboxOf(kit.dataSource, order.id);
    expect(outbox.map((r) => [r.sequence, r.type])).toEqual([
      [1, 'order.created'],
      [2, 'order.status_changed'],
      [3, 'order.promised_time_changed'],
      [4, 'order.status_changed'],
      [5, 'order.status_changed'],
      [6, 'order.item_status_changed'],
      [7, 'order.item_status_changed'],
      [8, 'order.status_changed'],
    ]);
    for (const row of outbox) {
      expect(row.payload.sequence).toBe(row.sequence);
      expect(row.payload.subject).toBe(order.id);
    }
    const [readyEvent, firstItem] = [outbox[4]!.payload, outbox[5]!.payload];
    expect(readyEvent.data).toEqual({
      orderId: order.id,
      brandId: order.brandId,
      customerId: 'c-42',
      from: 'PREPARING',
      to: 'READY',
      at: readyEvent.time,
      reason: 'all done',
    });
    expect(firstItem).toMatchObject({
      type: 'order.item_status_changed',
      time: readyEvent.time,
      data: { orderId: order.id, plu: 'CAT1-0001', from: 'QUEUED', to: 'READY', at: readyEvent.time },
    });
    const [{ last_sequence }] = await kit.dataSource.query('SELECT last_sequence FROM orders.orders WHERE id = $1', [order.id]);
    expect(last_sequence).toBe(8);

    const history = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(history.order.map((h) => h.status)).toEqual(['PLACED', 'ACCEPTED', 'PREPARING', 'READY', 'PICKED_UP']);
    expect(history.order[3]).toEqual({ status: 'READY', at: readyEvent.time, reason: 'all done', actor: 'staff:anna' });
    expect(history.items['CAT1-0001']!.map((h) => h.status)).toEqual(['QUEUED', 'READY']);
    const times = history.order.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('cancels the items not yet READY when the order is cancelled', async () => {
    const order = await newOrder();
    valueOf(await change(order.id, 'ACCEPTED'));
    const cancelled = valueOf(await change(order.id, 'CANCELLED', { reason: 'customer called' }));
    expect(cancelled.items.map((i) => i.status)).toEqual(['CANCELLED', 'CANCELLED']);
    const types = (await outboxOf(kit.dataSource, order.id)).map((r) => `${r.sequence}:${r.type}`);
    // The order's one payment is refunded in the same transaction, after the item cascade.
    expect(types).toEqual([
      '1:order.created',
      '2:order.status_changed',
      '3:order.promised_time_changed',
      '4:order.status_changed',
      '5:order.item_status_changed',
      '6:order.item_status_changed',
      '7:refund.requested',
    ]);
  });

  it('leaves a READY item alone when a READY order is cancelled', async () => {
    const order = await newOrder();
    for (const s of ['ACCEPTED', 'PREPARING', 'READY'] as const) valueOf(await change(order.id, s));
    const cancelled = valueOf(await change(order.id, 'CANCELLED'));
    expect(cancelled.items.map((i) => i.status)).toEqual(['READY', 'READY']);
    expect((await outboxOf(kit.dataSource, order.id)).slice(-2).map((r) => r.type)).toEqual([
      'order.status_changed',
      'refund.requested',
    ]);
  });

  it('refuses an illegal hop with from, to and the allowed list, and writes nothing', async () => {
    const order = await newOrder();
    const before = await outboxOf(kit.dataSource, order.id);
    const result = await change(order.id, 'READY');
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'illegal_transition',
        from: 'PLACED',
        to: 'READY',
        allowed: ['ACCEPTED', 'REJECTED', 'CANCELLED'],
        detail: expect.stringContaining('PLACED'),
      },
    });
    expect(await outboxOf(kit.dataSource, order.id)).toEqual(before);
    expect(await countRows(kit.dataSource, 'status_history', order.id)).toBe(3);
    expect(valueOf(await kit.getOrder.execute({ orderId: order.id }))).toEqual(order);
  });

  it('refuses every hop out of a terminal status with an empty allowed list', async () => {
    const order = await newOrder();
    valueOf(await change(order.id, 'REJECTED'));
    for (const to of ORDER_STATUSES) {
      const result = await change(order.id, to);
      expect(result).toMatchObject({ ok: false, error: { code: 'illegal_transition', from: 'REJECTED', to, allowed: [] } });
    }
    expect(ORDER_TRANSITIONS.REJECTED).toEqual([]);
  });

  it('refuses a stale expectedVersion with the current version', async () => {
    const order = await newOrder();
    valueOf(await change(order.id, 'ACCEPTED', { expectedVersion: 1 }));
    const stale = await change(order.id, 'PREPARING', { expectedVersion: 1 });
    expect(stale).toEqual({ ok: false, error: { code: 'version_mismatch', currentVersion: 2, detail: expect.any(String) } });
    expect(valueOf(await change(order.id, 'PREPARING', { expectedVersion: 2 })).version).toBe(3);
  });

  it('answers not_found for an unknown or malformed id', async () => {
    expect(await change(randomUUID(), 'ACCEPTED')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await change('not-a-uuid', 'ACCEPTED')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('settles concurrent changes by version: never two applied from the same state', async () => {
    const order = await newOrder();
    const racers = await Promise.all(
      (['ACCEPTED', 'REJECTED', 'CANCELLED', 'ACCEPTED', 'REJECTED', 'CANCELLED'] as const).map((s) => change(order.id, s)),
    );
    const winners = racers.filter((r) => r.ok);
    expect(winners.length).toBeGreaterThanOrEqual(1);
    // Every one of these leaves PLACED for a status from which a second of them may follow at most once.
    const final = valueOf(await kit.getOrder.execute({ orderId: order.id }));
    const history = valueOf(await kit.history.execute({ orderId: order.id })).order;
    expect(history).toHaveLength(1 + winners.length);
    expect(final.version).toBe(1 + winners.length);
    for (let i = 1; i < history.length; i++) {
      const from = history[i - 1]!.status;
      expect(ORDER_TRANSITIONS[from]).toContain(history[i]!.status);
    }
    for (const loser of racers.filter((r) => !r.ok)) {
      expect(loser).toMatchObject({ ok: false, error: { code: 'illegal_transition' } });
    }
    const sequences = (await outboxOf(kit.dataSource, order.id)).map((r) => r.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
  });

  it('lets exactly one of several changes expecting the same version through', async () => {
    const order = await newOrder();
    const racers = await Promise.all(
      (['ACCEPTED', 'REJECTED', 'CANCELLED', 'ACCEPTED'] as const).map((s) => change(order.id, s, { expectedVersion: 1 })),
    );
    expect(racers.filter((r) => r.ok)).toHaveLength(1);
    for (const loser of racers.filter((r) => !r.ok)) {
      expect(loser).toMatchObject({ ok: false, error: { code: 'version_mismatch', currentVersion: 2 } });
    }
    const types = (await outboxOf(kit.dataSource, order.id)).map((r) => r.type);
    expect(types.filter((t) => t === 'order.status_changed')).toHaveLength(1);
  });

  /** Another writer holds the order and moves it while this change waits for the order's lock. */
  async function raceAgainstAccept(orderId: string, attempt: () => Promise<unknown>) {
    const other = kit.dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query('UPDATE orders.orders SET status = 2, version = version + 1 WHERE id = $1', [orderId]);
    const pending = attempt();
    await eventually(
      async () => {
        const [row] = await kit.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE%'`,
        );
        return row.n > 0;
      },
      'the change reaching its lock on the order',
      5_000,
      10,
    );
    await other.commitTransaction();
    await other.release();
    return pending;
  }

  it('decides again on the fresh state when the order moved between load and update', async () => {
    const order = await newOrder();
    const result = await raceAgainstAccept(order.id, () => change(order.id, 'ACCEPTED'));
    expect(result).toMatchObject({ ok: false, error: { code: 'illegal_transition', from: 'ACCEPTED', to: 'ACCEPTED' } });
    expect(await countRows(kit.dataSource, 'outbox', order.id)).toBe(1);
  });

  it('turns the lost race into version_mismatch when the caller gave an expectedVersion', async () => {
    const order = await newOrder();
    const result = await raceAgainstAccept(order.id, () => change(order.id, 'CANCELLED', { expectedVersion: 1 }));
    expect(result).toMatchObject({ ok: false, error: { code: 'version_mismatch', currentVersion: 2 } });
    expect(await countRows(kit.dataSource, 'status_history', order.id)).toBe(3);
  });

  it('records a backfilled at, and refuses one in the future or before the previous change', async () => {
    const order = await newOrder('2024-03-01T10:00:00.000Z');
    const importer = { role: 'internal', actor: 'importer' };
    const accepted = valueOf(await change(order.id, 'ACCEPTED', { at: '2024-03-01T10:02:00Z', caller: importer }));
    expect(accepted.updatedAt).not.toBe('2024-03-01T10:02:00.000Z');
    const [statusEvent, promiseEvent] = (await outboxOf(kit.dataSource, order.id)).slice(-2).map((r) => r.payload);
    for (const event of [statusEvent!, promiseEvent!]) {
      expect(event.time).toBe('2024-03-01T10:02:00.000Z');
      expect(event.data).toMatchObject({ at: '2024-03-01T10:02:00.000Z' });
    }

    const future = await change(order.id, 'PREPARING', { at: new Date(Date.now() + 60_000).toISOString(), caller: importer });
    expect(future).toMatchObject({ ok: false, error: { code: 'invalid_time', field: 'at' } });
    const earlier = await change(order.id, 'PREPARING', { at: '2024-03-01T10:01:59.999Z', caller: importer });
    expect(earlier).toMatchObject({ ok: false, error: { code: 'invalid_time', field: 'at' } });
    expect(await countRows(kit.dataSource, 'outbox', order.id)).toBe(3);

    // The same instant as the previous change is allowed: history never goes backwards, it may stand still.
    valueOf(await change(order.id, 'PREPARING', { at: '2024-03-01T10:02:00Z', caller: importer }));
    const history = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(history.order).toEqual([
      { status: 'PLACED', at: '2024-03-01T10:00:00.000Z', actor: 'channel:test' },
      { status: 'ACCEPTED', at: '2024-03-01T10:02:00.000Z', actor: 'importer' },
      { status: 'PREPARING', at: '2024-03-01T10:02:00.000Z', actor: 'importer' },
    ]);
  });

  it('refuses a backfilled at before the placedAt of a backfilled order', async () => {
    const order = await newOrder('2024-03-01T10:00:00.000Z');
    const result = await change(order.id, 'ACCEPTED', { at: '2024-02-29T23:59:59Z' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_time', field: 'at' } });
  });

  it('decides changes arriving together one after another, each on what the one before it wrote', async () => {
    const orders = await Promise.all(Array.from({ length: 5 }, () => newOrder()));
    const [first] = orders;
    const results = await Promise.all([
      ...orders.map((o) => change(o.id, 'ACCEPTED')),
      change(first!.id, 'ACCEPTED'),
      change(first!.id, 'PREPARING', { expectedVersion: 2 }),
      change(randomUUID(), 'ACCEPTED'),
    ]);
    expect(results.slice(0, 5).map((r) => r.ok && r.value.status)).toEqual(orders.map(() => 'ACCEPTED'));
    expect(results[5]).toMatchObject({ ok: false, error: { code: 'illegal_transition', from: 'ACCEPTED' } });
    expect(results[6]).toMatchObject({ ok: true, value: { status: 'PREPARING', version: 3 } });
    expect(results[7]).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(valueOf(await kit.getOrder.execute({ orderId: first!.id }))).toEqual(results[6]!.ok && results[6]!.value);
  });
  it('decides a batch in arrival order, per order as if one after another, and writes it all at once', async () => {
    const payments = [
      { reference: `pay_${randomUUID()}`, amount: 10 },
      { reference: `pay_${randomUUID()}`, amount: 15.3 },
    ];
    const [a, b, c] = await Promise.all([
      newOrder(),
      newOrder(),
      kit.create.execute(createCommand(orderInput({ payments }))).then((r) => valueOf(r).order),
    ]);
    valueOf(await change(b!.id, 'ACCEPTED'));
    valueOf(await change(b!.id, 'PREPARING'));

    const results = await Promise.all([
      change(a!.id, 'ACCEPTED', { expectedVersion: 1 }),
      change(a!.id, 'ACCEPTED'),
      change(a!.id, 'PREPARING', { expectedVersion: 1 }),
      change(b!.id, 'READY'),
      change(c!.id, 'CANCELLED', { reason: 'customer called' }),
      change(a!.id, 'PREPARING', { expectedVersion: 2, expectedStatus: 'ACCEPTED' }),
      change(c!.id, 'ACCEPTED'),
      change(b!.id, 'PICKED_UP', { expectedStatus: 'READY' }),
    ]);
    expect(results[0]).toMatchObject({ ok: true, value: { status: 'ACCEPTED', version: 2 } });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'illegal_transition', from: 'ACCEPTED', to: 'ACCEPTED' } });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'version_mismatch', currentVersion: 2 } });
    expect(results[3]).toMatchObject({ ok: true, value: { status: 'READY', version: 4 } });
    expect(results[3]!.ok && results[3]!.value.items.map((i) => i.status)).toEqual(['READY', 'READY']);
    expect(results[4]).toMatchObject({ ok: true, value: { status: 'CANCELLED', version: 2 } });
    expect(results[5]).toMatchObject({ ok: true, value: { status: 'PREPARING', version: 3 } });
    expect(results[6]).toMatchObject({ ok: false, error: { code: 'illegal_transition', from: 'CANCELLED', allowed: [] } });
    expect(results[7]).toMatchObject({ ok: true, value: { status: 'PICKED_UP', version: 5 } });

    // Each answer is what was written.
    for (const [order, last] of [
      [a!, results[5]!],
      [b!, results[7]!],
      [c!, results[4]!],
    ] as const) {
      expect(valueOf(await kit.getOrder.execute({ orderId: order.id }))).toEqual(valueOf(last));
    }

    const history = valueOf(await kit.history.execute({ orderId: a!.id })).order;
    expect(history.map((h) => h.status)).toEqual(['PLACED', 'ACCEPTED', 'PREPARING']);
    const typesOf = async (id: string) => {
      const rows = await outboxOf(kit.dataSource, id);
      expect(rows.map((r) => r.sequence)).toEqual(rows.map((_, i) => i + 1));
      for (const row of rows) expect(row.payload.sequence).toBe(row.sequence);
      return rows.map((r) => [r.type, (r.payload.data as { to?: string }).to]);
    };
    expect(await typesOf(a!.id)).toEqual([
      ['order.created', undefined],
      ['order.status_changed', 'ACCEPTED'],
      ['order.promised_time_changed', undefined],
      ['order.status_changed', 'PREPARING'],
    ]);
    expect(await typesOf(b!.id)).toEqual([
      ['order.created', undefined],
      ['order.status_changed', 'ACCEPTED'],
      ['order.promised_time_changed', undefined],
      ['order.status_changed', 'PREPARING'],
      ['order.status_changed', 'READY'],
      ['order.item_status_changed', 'READY'],
      ['order.item_status_changed', 'READY'],
      ['order.status_changed', 'PICKED_UP'],
    ]);
    expect(await typesOf(c!.id)).toEqual([
      ['order.created', undefined],
      ['order.status_changed', 'CANCELLED'],
      ['order.item_status_changed', 'CANCELLED'],
      ['order.item_status_changed', 'CANCELLED'],
      ['refund.requested', undefined],
      ['refund.requested', undefined],
    ]);
    const cancelled = (await outboxOf(kit.dataSource, c!.id))[1]!.payload;
    const cHistory = valueOf(await kit.history.execute({ orderId: c!.id })).order;
    expect(cHistory.at(-1)).toEqual({ status: 'CANCELLED', at: cancelled.time, reason: 'customer called', actor: 'staff:anna' });
    const refunds = valueOf(await kit.listRefunds.execute({ orderId: c!.id, limit: 50 })).items;
    expect(refunds.map((r) => [r.paymentReference, r.amount, r.status])).toEqual(
      payments.map((p) => [p.reference, p.amount, 'PENDING']),
    );
  });
});
