import type { AddItemsCommand, ItemStatus, OrderStatus } from '#contracts';
import { randomUUID } from 'node:crypto';
import {
  createCommand,
  orderInput,
  outboxOf,
  startOrders,
  testDatabaseUrl,
  valueOf,
  type OrdersKit,
} from './support/orders-test-kit.js';

testDatabaseUrl();

describe('item status changes and added items (real PostgreSQL)', () => {
  let kit: OrdersKit;
  beforeAll(async () => {
    kit = await startOrders();
  });
  afterAll(() => kit.close());

  const staff = { role: 'staff', actor: 'staff:anna' };
  const newOrder = async () => valueOf(await kit.create.execute(createCommand(orderInput()))).order;
  const moveItem = (orderId: string, plu: string, status: ItemStatus) =>
    kit.changeItemStatus.execute({ orderId, plu, status, caller: staff, correlationId: randomUUID() });
  const move = (orderId: string, status: OrderStatus) =>
    kit.changeStatus.execute({ orderId, status, caller: staff, correlationId: randomUUID() });
  const add = (orderId: string, items: AddItemsCommand['items']) =>
    kit.addItems.execute({ orderId, items, caller: { role: 'channel', actor: 'channel:x' }, correlationId: randomUUID() });

  it('moves an item legally, bumps the order version, records history and a gapless event', async () => {
    const order = await newOrder();
    valueOf(await move(order.id, 'ACCEPTED'));
    const moved = valueOf(await moveItem(order.id, 'CAT1-0001', 'PREPARING'));
    expect(moved.version).toBe(3);
    expect(moved.items.map((i) => i.status)).toEqual(['PREPARING', 'QUEUED']);
    const outbox = await outboxOf(kit.dataSource, order.id);
    expect(outbox.map((r) => [r.sequence, r.type])).toEqual([
      [1, 'order.created'],
      [2, 'order.status_changed'],
      [3, 'order.promised_time_changed'],
      [4, 'order.item_status_changed'],
    ]);
    expect(outbox[3]!.payload.data).toEqual({
      orderId: order.id,
      plu: 'CAT1-0001',
      from: 'QUEUED',
      to: 'PREPARING',
      at: outbox[3]!.payload.time,
    });
    const history = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(history.items['CAT1-0001']).toEqual([
      { status: 'QUEUED', at: order.placedAt, actor: 'channel:test' },
      { status: 'PREPARING', at: outbox[3]!.payload.time, actor: 'staff:anna' },
    ]);
  });

  it('refuses a stale expectedVersion with the current version, changing nothing', async () => {
    const order = await newOrder();
    const at = (expectedVersion: number) =>
      kit.changeItemStatus.execute({
        orderId: order.id,
        plu: 'CAT1-0001',
        status: 'PREPARING',
        expectedVersion,
        caller: staff,
        correlationId: randomUUID(),
      });
    valueOf(await move(order.id, 'ACCEPTED'));
    expect(await at(1)).toEqual({
      ok: false,
      error: { code: 'version_mismatch', currentVersion: 2, detail: expect.any(String) },
    });
    expect((await outboxOf(kit.dataSource, order.id)).map((r) => r.type)).not.toContain('order.item_status_changed');
    expect(valueOf(await at(2)).items[0]!.status).toBe('PREPARING');
  });

  it('refuses illegal item hops with from, to and allowed; unknown plu and order are not found', async () => {
    const order = await newOrder();
    valueOf(await moveItem(order.id, 'CAT1-0001', 'READY'));
    expect(await moveItem(order.id, 'CAT1-0001', 'PREPARING')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'illegal_transition', from: 'READY', to: 'PREPARING', allowed: [] }),
    });
    expect((await moveItem(order.id, 'NOPE', 'READY')).ok).toBe(false);
    expect(await moveItem(order.id, 'NOPE', 'READY')).toMatchObject({ error: { code: 'not_found' } });
    expect(await moveItem(randomUUID(), 'CAT1-0001', 'READY')).toMatchObject({ error: { code: 'not_found' } });
  });

  it('keeps items still once the order is final, and the cascade skips items already moved', async () => {
    const order = await newOrder();
    valueOf(await moveItem(order.id, 'CAT1-0001', 'CANCELLED'));
    for (const s of ['ACCEPTED', 'PREPARING', 'READY'] as const) valueOf(await move(order.id, s));
    const ready = valueOf(await kit.getOrder.execute({ orderId: order.id }));
    expect(ready.items.map((i) => i.status)).toEqual(['CANCELLED', 'READY']);
    valueOf(await move(order.id, 'PICKED_UP'));
    expect(await moveItem(order.id, 'CAT1-0002', 'CANCELLED')).toMatchObject({
      ok: false,
      error: { code: 'illegal_transition', allowed: [] },
    });
    const types = (await outboxOf(kit.dataSource, order.id)).map((r) => r.sequence);
    expect(types).toEqual(types.map((_, i) => i + 1));
  });

  it('adds new lines QUEUED and same-plu quantities, with one items_added event', async () => {
    const order = await newOrder();
    const updated = valueOf(
      await add(order.id, [
        { plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 },
        { plu: 'NEW-1', name: 'Cola', quantity: 2, unitPrice: 3 },
      ]),
    );
    expect(updated.version).toBe(2);
    expect(updated.items).toEqual([
      expect.objectContaining({ plu: 'CAT1-0001', quantity: 3 }),
      expect.objectContaining({ plu: 'CAT1-0002', quantity: 3 }),
      { plu: 'NEW-1', name: 'Cola', quantity: 2, unitPrice: 3, status: 'QUEUED' },
    ]);
    expect(updated.totalAmount).toBe(3 * 12.5 + 0.3 + 6);
    const [, added] = await outboxOf(kit.dataSource, order.id);
    expect(added).toMatchObject({ sequence: 2, type: 'order.items_added' });
    expect(added!.payload.data).toEqual({
      orderId: order.id,
      items: [
        { plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 },
        { plu: 'NEW-1', name: 'Cola', quantity: 2, unitPrice: 3 },
      ],
      totalAmount: 3 * 12.5 + 0.3 + 6,
    });
    const history = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(history.items['NEW-1']).toEqual([{ status: 'QUEUED', at: added!.payload.time, actor: 'channel:x' }]);
  });

  it('refuses a same-plu line with another name or price (409), and any add once the order left PLACED', async () => {
    const order = await newOrder();
    expect(await add(order.id, [{ plu: 'CAT1-0001', name: 'Other', quantity: 1, unitPrice: 12.5 }])).toMatchObject({
      error: { code: 'item_mismatch', plu: 'CAT1-0001' },
    });
    expect(await add(order.id, [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 13 }])).toMatchObject({
      error: { code: 'item_mismatch' },
    });
    valueOf(await move(order.id, 'ACCEPTED'));
    expect(await add(order.id, [{ plu: 'X', name: 'x', quantity: 1 }])).toMatchObject({
      error: { code: 'order_not_open', status: 'ACCEPTED' },
    });
    expect(await add(randomUUID(), [{ plu: 'X', name: 'x', quantity: 1 }])).toMatchObject({ error: { code: 'not_found' } });
    expect((await outboxOf(kit.dataSource, order.id)).map((r) => r.type)).toEqual([
      'order.created',
      'order.status_changed',
      'order.promised_time_changed',
    ]);
  });

  it('serialises concurrent adds: every quantity counts and sequences stay gapless', async () => {
    const order = await newOrder();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        add(order.id, [
          { plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 },
          { plu: `N-${i}`, name: 'n', quantity: 1 },
        ]),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const final = valueOf(await kit.getOrder.execute({ orderId: order.id }));
    expect(final.items.find((i) => i.plu === 'CAT1-0001')!.quantity).toBe(12);
    expect(final.items).toHaveLength(12);
    expect(final.version).toBe(11);
    expect((await outboxOf(kit.dataSource, order.id)).map((r) => r.sequence)).toEqual(
      Array.from({ length: 11 }, (_, i) => i + 1),
    );
  });
  it('applies a dead-letter replay of an add once, whether its copies come apart or together', async () => {
    const [order, other] = await Promise.all([newOrder(), newOrder()]);
    const replay = (orderId: string, replayId: string) =>
      kit.addItems.execute(
        {
          orderId,
          items: [{ plu: 'CAT1-0002', name: 'Fries', quantity: 1, unitPrice: 0.1 }],
          caller: { role: 'channel', actor: 'channel:x' },
          correlationId: randomUUID(),
        },
        replayId,
      );
    const first = valueOf(await replay(order.id, `replay-${order.id}`));
    expect(valueOf(await replay(order.id, `replay-${order.id}`))).toEqual(first);
    const together = await Promise.all([replay(other.id, `replay-${other.id}`), replay(other.id, `replay-${other.id}`)]);
    expect(together.map((r) => valueOf(r).items[1]!.quantity)).toEqual([4, 4]);
    for (const id of [order.id, other.id]) {
      expect(valueOf(await kit.getOrder.execute({ orderId: id }))).toMatchObject({ version: 2, totalAmount: 25.4 });
      expect((await outboxOf(kit.dataSource, id)).map((r) => r.type)).toEqual(['order.created', 'order.items_added']);
    }
  });

  it('decides item changes arriving together one after another, each on what the one before it left', async () => {
    const [order, other] = await Promise.all([newOrder(), newOrder()]);
    valueOf(await move(order.id, 'ACCEPTED'));
    valueOf(await move(other.id, 'CANCELLED'));
    const results = await Promise.all([
      moveItem(order.id, 'CAT1-0001', 'PREPARING'),
      moveItem(order.id, 'CAT1-0001', 'READY'),
      moveItem(order.id, 'CAT1-0001', 'PREPARING'),
      moveItem(order.id, 'NOPE', 'READY'),
      moveItem(other.id, 'CAT1-0001', 'READY'),
      moveItem(order.id, 'CAT1-0002', 'CANCELLED'),
    ]);
    expect(results[0]).toMatchObject({ ok: true, value: { version: 3 } });
    expect(results[1]).toMatchObject({ ok: true, value: { version: 4 } });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'illegal_transition', from: 'READY', allowed: [] } });
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(results[4]).toMatchObject({ ok: false, error: { code: 'illegal_transition', allowed: [] } });
    const last = valueOf(results[5]!);
    expect(last).toMatchObject({ version: 5 });
    expect(last.items.map((i) => i.status)).toEqual(['READY', 'CANCELLED']);
    expect(valueOf(await kit.getOrder.execute({ orderId: order.id }))).toEqual(last);
    const outbox = await outboxOf(kit.dataSource, order.id);
    expect(outbox.map((r) => [r.sequence, r.type, (r.payload.data as { to?: string }).to])).toEqual([
      [1, 'order.created', undefined],
      [2, 'order.status_changed', 'ACCEPTED'],
      [3, 'order.promised_time_changed', undefined],
      [4, 'order.item_status_changed', 'PREPARING'],
      [5, 'order.item_status_changed', 'READY'],
      [6, 'order.item_status_changed', 'CANCELLED'],
      // Cancelled on its own, the line is removed: its 0.3 goes back, the payment exceeding the new total.
      [7, 'refund.requested', undefined],
    ]);
    expect(outbox[5]!.payload.data).toMatchObject({ reason: 'removed', totalAmount: 25 });
    expect(outbox[6]!.payload.data).toMatchObject({ amount: 0.3, reason: 'order_changed' });
  });
});
