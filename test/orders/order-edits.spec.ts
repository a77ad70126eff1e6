import { randomUUID } from 'node:crypto';
import { ChangeItemQuantityService } from '../../apps/orders/src/commands/change-item-quantity/change-item-quantity.service.js';
import { ChangeOrderService } from '../../apps/orders/src/commands/change-order/change-order.service.js';
import { RequestRefundService } from '../../apps/orders/src/commands/request-refund/request-refund.service.js';
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
const staff = { role: 'staff', actor: 'staff:anna' };
const channel = { role: 'channel', actor: 'channel:x' };
const internal = { role: 'internal', actor: 'internal:ops' };

describe('order edits, quantities and refunds on the batched change path (real PostgreSQL)', () => {
  let kit: OrdersKit;
  let edit: ChangeOrderService;
  let quantity: ChangeItemQuantityService;
  let refund: RequestRefundService;
  beforeAll(async () => {
    kit = await startOrders();
    edit = kit.moduleRef.get(ChangeOrderService);
    quantity = kit.moduleRef.get(ChangeItemQuantityService);
    refund = kit.moduleRef.get(RequestRefundService);
  });
  afterAll(() => kit.close());

  /** 2 × 12.5 + 3 × 0.1 = 25.3, paid 20 then 5.3. */
  const place = async () => {
    const input = orderInput({
      payments: [
        { reference: `pay_${randomUUID()}`, amount: 20 },
        { reference: `pay_${randomUUID()}`, amount: 5.3 },
      ],
    });
    return valueOf(await kit.create.execute(createCommand(input))).order;
  };
  const common = (orderId: string) => ({ orderId, caller: staff, correlationId: randomUUID() });
  const refundsOf = async (orderId: string) =>
    (
      await kit.dataSource.query(
        'SELECT payment_reference, amount::float8 AS amount, reason FROM orders.refunds WHERE order_id = $1 ORDER BY created_at, id',
        [orderId],
      )
    ).map((r: { payment_reference: string; amount: number; reason: string }) => [r.payment_reference, r.amount, r.reason]);

  it('halves a line and removes another: totals, refunds latest payment first, events and history in one sequence', async () => {
    const order = await place();
    const [pay1, pay2] = order.payments.map((p) => p.reference);
    const halved = valueOf(await quantity.execute({ ...common(order.id), plu: 'CAT1-0001', quantity: 1 }));
    expect(halved).toMatchObject({ version: 2, totalAmount: 12.8, paidAmount: 25.3, refundedAmount: 12.5 });
    const removed = valueOf(await quantity.execute({ ...common(order.id), plu: 'CAT1-0002', quantity: 0, expectedVersion: 2 }));
    expect(removed).toMatchObject({ version: 3, totalAmount: 12.5, refundedAmount: 12.8 });
    expect(removed.items[1]).toEqual({ plu: 'CAT1-0002', name: 'Fries', quantity: 3, unitPrice: 0.1, status: 'CANCELLED' });
    expect(valueOf(await kit.getOrder.execute({ orderId: order.id }))).toEqual(removed);
    expect(await refundsOf(order.id)).toEqual([
      [pay2, 5.3, 'order_changed'],
      [pay1, 7.2, 'order_changed'],
      [pay1, 0.3, 'order_changed'],
    ]);
    const outbox = await outboxOf(kit.dataSource, order.id);
    expect(outbox.map((r) => [r.sequence, r.type])).toEqual([
      [1, 'order.created'],
      [2, 'order.item_quantity_changed'],
      [3, 'refund.requested'],
      [4, 'refund.requested'],
      [5, 'order.item_quantity_changed'],
      [6, 'order.item_status_changed'],
      [7, 'refund.requested'],
    ]);
    expect(outbox[1]!.payload.data).toEqual({
      orderId: order.id,
      plu: 'CAT1-0001',
      from: 2,
      to: 1,
      at: outbox[1]!.payload.time,
      totalAmount: 12.8,
    });
    expect(outbox[5]!.payload.data).toMatchObject({ from: 'QUEUED', to: 'CANCELLED', reason: 'removed', totalAmount: 12.5 });
    expect(outbox[6]!.payload.data).toMatchObject({ paymentReference: pay1, amount: 0.3, reason: 'order_changed' });
    const history = valueOf(await kit.history.execute({ orderId: order.id }));
    expect(history.items['CAT1-0002']!.at(-1)).toMatchObject({ status: 'CANCELLED', reason: 'removed' });

    // Cancelled, the order refunds what is left, net of the partial refunds.
    const cancelled = valueOf(await kit.changeStatus.execute({ ...common(order.id), status: 'CANCELLED' }));
    expect(cancelled).toMatchObject({ totalAmount: 12.5, refundedAmount: 25.3 });
    expect((await refundsOf(order.id)).slice(3)).toEqual([[pay1, 12.5, 'order_cancelled']]);
  });

  it('refuses a channel once ACCEPTED, a PREPARING item, an unknown plu and a stale version; nothing written', async () => {
    const order = await place();
    valueOf(await kit.changeStatus.execute({ ...common(order.id), status: 'ACCEPTED' }));
    expect(await quantity.execute({ ...common(order.id), caller: channel, plu: 'CAT1-0001', quantity: 1 })).toMatchObject({
      error: { code: 'order_not_open', status: 'ACCEPTED' },
    });
    valueOf(await kit.changeItemStatus.execute({ ...common(order.id), plu: 'CAT1-0001', status: 'PREPARING' }));
    expect(await quantity.execute({ ...common(order.id), plu: 'CAT1-0001', quantity: 0 })).toMatchObject({
      error: { code: 'item_not_open', status: 'PREPARING' },
    });
    expect(await quantity.execute({ ...common(order.id), plu: 'NOPE', quantity: 1 })).toMatchObject({
      error: { code: 'not_found' },
    });
    expect(
      await edit.execute({ ...common(order.id), changes: { customer: { name: 'Jane' } }, expectedVersion: 1 }),
    ).toMatchObject({
      error: { code: 'version_mismatch', currentVersion: 3 },
    });
    expect((await outboxOf(kit.dataSource, order.id)).map((r) => r.type)).toHaveLength(4);
  });

  it('edits details with order.updated, and a new pickupTime reschedules a PLACED order', async () => {
    const order = await place();
    const pickupTime = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const edited = valueOf(
      await edit.execute({
        ...common(order.id),
        changes: { customer: { phoneNumber: '+358 40 1' }, deliveryAddress: { city: 'Espoo', street: 'Tie 2' }, pickupTime },
      }),
    );
    expect(edited).toMatchObject({
      version: 2,
      customer: { id: 'c-42', name: 'John Doe', phoneNumber: '+358 40 1' },
      deliveryAddress: { city: 'Espoo', street: 'Tie 2' },
      pickupTime,
      scheduled: true,
    });
    expect(Date.parse(edited.releaseAt)).toBe(Date.parse(pickupTime) - 15 * 60_000);
    expect(valueOf(await kit.getOrder.execute({ orderId: order.id }))).toEqual(edited);
    const [, updated] = await outboxOf(kit.dataSource, order.id);
    expect(updated!.payload).toMatchObject({
      type: 'order.updated',
      sequence: 2,
      data: {
        orderId: order.id,
        brandId: order.brandId,
        customerId: 'c-42',
        changes: {
          customer: edited.customer,
          deliveryAddress: edited.deliveryAddress,
          pickupTime,
          scheduled: true,
          releaseAt: edited.releaseAt,
        },
      },
    });
  });

  it('answers a goodwill refund with the refund, one payment each, refusing beyond what is left', async () => {
    const order = await place();
    const [pay1, pay2] = order.payments.map((p) => p.reference);
    const first = valueOf(await refund.execute({ ...common(order.id), caller: internal, amount: 5, reason: 'cold fries' }));
    expect(first).toMatchObject({
      orderId: order.id,
      paymentReference: pay2,
      amount: 5,
      status: 'PENDING',
      reason: 'cold fries',
    });
    const second = valueOf(await refund.execute({ ...common(order.id), caller: internal, amount: 6, reason: 'late' }));
    expect(second).toMatchObject({ paymentReference: pay1, amount: 6 });
    expect(await refund.execute({ ...common(order.id), caller: internal, amount: 15, reason: 'x' })).toMatchObject({
      error: { code: 'refund_not_possible' },
    });
    expect(valueOf(await kit.getOrder.execute({ orderId: order.id }))).toMatchObject({ version: 3, refundedAmount: 11 });
    const [, event] = await outboxOf(kit.dataSource, order.id);
    expect(event!.payload.data).toEqual({
      refundId: first.id,
      orderId: order.id,
      paymentReference: pay2,
      amount: 5,
      reason: 'cold fries',
    });
  });
});
