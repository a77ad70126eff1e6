import { randomUUID } from 'node:crypto';
import { createCommand, orderInput, startOrders, testDatabaseUrl, valueOf, type OrdersKit } from './support/orders-test-kit.js';

testDatabaseUrl();

describe('GetOrderService and GetHistoryService (real PostgreSQL)', () => {
  let kit: OrdersKit;
  beforeAll(async () => {
    kit = await startOrders();
  });
  afterAll(() => kit.close());

  const change = (orderId: string, status: 'ACCEPTED' | 'PREPARING' | 'READY' | 'CANCELLED', reason?: string) =>
    kit.changeStatus.execute({
      orderId,
      status,
      reason,
      caller: { role: 'staff', actor: 'staff:bo' },
      correlationId: randomUUID(),
    });

  it('answers not_found for an unknown or malformed id', async () => {
    for (const orderId of [randomUUID(), 'nope', "'; drop table orders.orders; --"]) {
      for (const result of [await kit.getOrder.execute({ orderId }), await kit.history.execute({ orderId })]) {
        expect(result).toEqual({ ok: false, error: { code: 'not_found', detail: expect.stringContaining('does not exist') } });
      }
    }
  });

  it('returns the history oldest first: the order entries, and per plu the item entries', async () => {
    const input = orderInput({
      items: [
        { plu: 'B-2', name: 'Burger', quantity: 1 },
        { plu: 'A-1', name: 'Cola', quantity: 2 },
      ],
    });
    const { order } = valueOf(await kit.create.execute(createCommand(input)));
    await kit.dataSource.query(`UPDATE orders.order_items SET status = 3 WHERE order_id = $1 AND plu = 'A-1'`, [order.id]);
    valueOf(await change(order.id, 'ACCEPTED'));
    valueOf(await change(order.id, 'CANCELLED', 'kitchen closed'));
    const entries = await kit.dataSource.query('SELECT at FROM orders.status_history WHERE order_id = $1 ORDER BY id', [
      order.id,
    ]);
    const [accepted, cancelled] = [entries[3].at.toISOString(), entries[4].at.toISOString()];

    const history = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(history).toEqual({
      order: [
        { status: 'PLACED', at: order.placedAt, actor: 'channel:test' },
        { status: 'ACCEPTED', at: accepted, actor: 'staff:bo' },
        { status: 'CANCELLED', at: cancelled, reason: 'kitchen closed', actor: 'staff:bo' },
      ],
      items: {
        'B-2': [
          { status: 'QUEUED', at: order.placedAt, actor: 'channel:test' },
          { status: 'CANCELLED', at: cancelled, actor: 'staff:bo' },
        ],
        // Already READY (set behind the service's back here): a cancellation leaves it alone.
        'A-1': [{ status: 'QUEUED', at: order.placedAt, actor: 'channel:test' }],
      },
    });
    expect(Object.keys(history.items)).toEqual(['B-2', 'A-1']);
  });

  it('leaves reason and actor out where none was recorded', async () => {
    const { order } = valueOf(await kit.create.execute(createCommand()));
    await kit.dataSource.query(
      `INSERT INTO orders.status_history (order_id, plu, from_status, to_status, at, reason, actor, sequence)
       VALUES ($1, NULL, 1, 6, now(), 'acceptance_timeout', NULL, 2)`,
      [order.id],
    );
    const { order: entries } = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(entries[1]).toEqual({ status: 'REJECTED', at: expect.any(String), reason: 'acceptance_timeout' });
    expect(Object.keys(entries[1]!)).toEqual(['status', 'at', 'reason']);
    expect(entries[1]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
