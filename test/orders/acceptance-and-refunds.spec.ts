import type { OrderStatus } from '#contracts';
import { randomUUID } from 'node:crypto';
import {
  createCommand,
  createScratchDatabase,
  orderInput,
  outboxOf,
  startOrders,
  testDatabaseUrl,
  valueOf,
  type OrdersKit,
} from './support/orders-test-kit.js';

testDatabaseUrl();
const TIMEOUT_MS = 1_000;
const staff = { role: 'staff', actor: 'staff:anna' };

/** A scratch database: the sweep rejects every due order it can see, so it must see only these tests' orders. */
describe('acceptance timeout and refunds (real PostgreSQL)', () => {
  let kit: OrdersKit;
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  beforeAll(async () => {
    db = await createScratchDatabase('acceptance');
    kit = await startOrders({ url: db.url, env: { ORDER_ACCEPT_TIMEOUT_MS: String(TIMEOUT_MS) } });
  });
  afterAll(async () => {
    await kit.close();
    await db.drop();
  });

  const newOrder = async (payments = [{ reference: `pay_${randomUUID()}`, amount: 25.3 }], placedAt?: string) =>
    valueOf(await kit.create.execute(createCommand(orderInput({ payments }), placedAt ? { placedAt } : {}))).order;
  const backdate = (id: string) =>
    kit.dataSource.query(
      `UPDATE orders.orders SET created_at = created_at - interval '1 hour', release_at = release_at - interval '1 hour' WHERE id = $1`,
      [id],
    );
  const move = (orderId: string, status: OrderStatus) =>
    kit.changeStatus.execute({ orderId, status, caller: staff, correlationId: randomUUID() });

  it('sweeps on one replica at a time: each due order is rejected once, backfilled ones never', async () => {
    const order = await newOrder();
    const imported = await newOrder(undefined, '2021-07-22T20:00:00Z');
    await backdate(order.id);
    await backdate(imported.id);
    const [first, second] = await Promise.all([kit.sweep.sweep(), kit.sweep.sweep()]);
    expect(Math.min(first, second)).toBe(0);
    expect(first + second).toBeGreaterThanOrEqual(1);
    const history = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(history.order.filter((h) => h.status === 'REJECTED')).toHaveLength(1);
    expect(valueOf(await kit.getOrder.execute({ orderId: imported.id })).status).toBe('PLACED');
  });

  it('rejects a due PLACED order as system with reason acceptance_timeout, and refunds every payment once', async () => {
    const order = await newOrder([
      { reference: `pay_${randomUUID()}`, amount: 10 },
      { reference: `pay_${randomUUID()}`, amount: 15.3 },
    ]);
    expect(await kit.timeout.execute({ orderId: order.id })).toBe('not_due');
    await backdate(order.id);
    expect(await kit.timeout.execute({ orderId: order.id })).toBe('rejected');
    expect(await kit.timeout.execute({ orderId: order.id })).toBe('settled');
    const history = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(history.order.at(-1)).toMatchObject({ status: 'REJECTED', reason: 'acceptance_timeout', actor: 'system' });
    const outbox = await outboxOf(kit.dataSource, order.id);
    expect(outbox.map((r) => [r.sequence, r.type])).toEqual([
      [1, 'order.created'],
      [2, 'order.status_changed'],
      [3, 'order.item_status_changed'],
      [4, 'order.item_status_changed'],
      [5, 'refund.requested'],
      [6, 'refund.requested'],
    ]);
    const refunds = valueOf(await kit.listRefunds.execute({ orderId: order.id, limit: 50 })).items;
    expect(refunds.map((r) => [r.paymentReference, r.amount, r.status])).toEqual(
      order.payments.map((p) => [p.reference, p.amount, 'PENDING']),
    );
    expect(outbox[4]!.payload.data).toEqual({
      refundId: refunds[0]!.id,
      orderId: order.id,
      paymentReference: order.payments[0]!.reference,
      amount: 10,
      reason: 'order_rejected',
    });
  });

  it('lets an accept racing the timeout win cleanly, never both (200 races)', async () => {
    const orders = await Promise.all(Array.from({ length: 200 }, () => newOrder([])));
    await kit.dataSource.query(
      `UPDATE orders.orders SET created_at = created_at - interval '1 hour', release_at = release_at - interval '1 hour' WHERE id = ANY($1::uuid[])`,
      [orders.map((o) => o.id)],
    );
    await Promise.all(
      orders.map(async (order) => {
        const [accepted, timedOut] = await Promise.all([move(order.id, 'ACCEPTED'), kit.timeout.execute({ orderId: order.id })]);
        expect(accepted.ok !== (timedOut === 'rejected')).toBe(true);
        const final = valueOf(await kit.getOrder.execute({ orderId: order.id }));
        expect(final.status).toBe(accepted.ok ? 'ACCEPTED' : 'REJECTED');
        expect(final.version).toBe(2);
      }),
    );
  });

  it('sweeps every due order a timer missed, skipping backfilled, fresh and settled ones', async () => {
    const due = await newOrder([]);
    const fresh = await newOrder([]);
    const imported = await newOrder([], '2021-07-22T20:00:00Z');
    const accepted = await newOrder([]);
    valueOf(await move(accepted.id, 'ACCEPTED'));
    for (const o of [due, imported, accepted]) await backdate(o.id);
    expect(kit.sweep.sweepEveryMs).toBe(500);
    // Orders of earlier tests here are past their 1 s too: at least this one is swept.
    expect(await kit.sweep.sweep()).toBeGreaterThanOrEqual(1);
    const status = async (id: string) => valueOf(await kit.getOrder.execute({ orderId: id })).status;
    expect([await status(due.id), await status(fresh.id), await status(imported.id), await status(accepted.id)]).toEqual([
      'REJECTED',
      'PLACED',
      'PLACED',
      'ACCEPTED',
    ]);
  });

  it('refunds on CANCELLED too, lists oldest first with filters and cursors, and settles PENDING once', async () => {
    const order = await newOrder([
      { reference: `pay_${randomUUID()}`, amount: 5 },
      { reference: `pay_${randomUUID()}`, amount: 6 },
    ]);
    valueOf(await move(order.id, 'ACCEPTED'));
    valueOf(await move(order.id, 'CANCELLED'));
    const first = valueOf(await kit.listRefunds.execute({ orderId: order.id, limit: 1 }));
    expect(first.items).toHaveLength(1);
    const second = valueOf(await kit.listRefunds.execute({ orderId: order.id, limit: 1, cursor: first.nextCursor! }));
    expect(second.items.map((r) => r.amount)).toEqual([6]);
    expect(second.nextCursor).toBeNull();
    expect(await kit.listRefunds.execute({ limit: 1, cursor: 'bogus' })).toMatchObject({ error: { code: 'invalid_cursor' } });

    const id = first.items[0]!.id;
    const caller = { role: 'internal', actor: 'internal:x' };
    const settled = valueOf(await kit.updateRefund.execute({ refundId: id, status: 'PROCESSED', caller, correlationId: 'c' }));
    expect(settled).toMatchObject({ id, status: 'PROCESSED', amount: 5 });
    expect(await kit.updateRefund.execute({ refundId: id, status: 'FAILED', caller, correlationId: 'c' })).toMatchObject({
      error: { code: 'refund_not_pending', status: 'PROCESSED' },
    });
    expect(
      await kit.updateRefund.execute({ refundId: randomUUID(), status: 'FAILED', caller, correlationId: 'c' }),
    ).toMatchObject({
      error: { code: 'not_found' },
    });
    const pending = valueOf(await kit.listRefunds.execute({ orderId: order.id, status: 'PENDING', limit: 50 }));
    expect(pending.items.map((r) => r.amount)).toEqual([6]);
  });
});
