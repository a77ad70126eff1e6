import type { ChangeItemQuantityCommand, OrderStatus } from '#contracts';
import { changeItemQuantity } from './change-item-quantity.js';
import type { Order, OrderEvent } from './order.js';
import { after, anOrder, ORDER_ID, staff } from './order.fixtures.js';

const now = after(5_000);
const channel = { role: 'channel', actor: 'channel:x' };
const command = (plu: string, quantity: number, extra: Partial<ChangeItemQuantityCommand> = {}): ChangeItemQuantityCommand => ({
  orderId: ORDER_ID,
  plu,
  quantity,
  caller: staff,
  correlationId: 'corr',
  ...extra,
});
const refundsOf = (events: OrderEvent[]) =>
  events.flatMap((e) => (e.type === 'refund.requested' ? [[e.refund.paymentReference, e.refund.amount.toDecimal()]] : []));

// The fixture: P-1 2 × 12.5 and P-2 3 × 0.1, a total of 25.3, paid 20 (pay-1) + 5.3 (pay-2).
describe('changeItemQuantity', () => {
  it('lowers a quantity: the total follows, and the drop goes back latest payment first', () => {
    const decided = changeItemQuantity(anOrder(), command('P-1', 1), now, () => 'r');
    if (!decided.ok) throw new Error(decided.error.detail);
    const { order, events } = decided.value;
    expect(order.items[0]).toMatchObject({ quantity: 1, status: 'QUEUED', removed: false });
    expect(order.totalAmount.toDecimal()).toBe('12.8000');
    expect(order).toMatchObject({ version: 2, lastSequence: 4 });
    expect(events[0]).toMatchObject({ type: 'order.item_quantity_changed', sequence: 2, plu: 'P-1', from: 2, to: 1 });
    expect(refundsOf(events)).toEqual([
      ['pay-2', '5.3000'],
      ['pay-1', '7.2000'],
    ]);
  });

  it('raises a quantity without refunding, and a second drop refunds only what is still overpaid', () => {
    const raised = changeItemQuantity(anOrder(), command('P-2', 13), now);
    if (!raised.ok) throw new Error(raised.error.detail);
    expect(raised.value.order.totalAmount.toDecimal()).toBe('26.3000');
    expect(refundsOf(raised.value.events)).toEqual([]);
    // Paid 25.3 against 26.3: down to 25.3 the customer owes nothing back; down to 0.3 (P-1 removed) 25 goes back.
    const removed = changeItemQuantity(raised.value.order, command('P-1', 0), now);
    if (!removed.ok) throw new Error(removed.error.detail);
    expect(removed.value.order.totalAmount.toDecimal()).toBe('1.3000');
    expect(refundsOf(removed.value.events)).toEqual([
      ['pay-2', '5.3000'],
      ['pay-1', '18.7000'],
    ]);
  });

  it('removes the line on 0: CANCELLED with reason removed, keeping its quantity, both events carrying the new total', () => {
    const decided = changeItemQuantity(anOrder({ payments: [] }), command('P-1', 0), now);
    if (!decided.ok) throw new Error(decided.error.detail);
    const { order, events } = decided.value;
    expect(order.items[0]).toMatchObject({ quantity: 2, status: 'CANCELLED', removed: true });
    expect(events.map((e) => [e.type, e.sequence])).toEqual([
      ['order.item_quantity_changed', 2],
      ['order.item_status_changed', 3],
    ]);
    expect(events[0]).toMatchObject({ from: 2, to: 0 });
    expect(events[1]).toMatchObject({ from: 'QUEUED', to: 'CANCELLED', reason: 'removed' });
    for (const e of events) expect('totalAmount' in e && e.totalAmount?.toDecimal()).toBe('0.3000');
  });

  it('changes nothing for the quantity the line has', () => {
    const order = anOrder();
    expect(changeItemQuantity(order, command('P-1', 2), now)).toEqual({ ok: true, value: { order, events: [] } });
  });

  it.each(['ACCEPTED', 'PREPARING', 'READY'] as OrderStatus[])('lets staff, not a channel, change a %s order', (status) => {
    expect(changeItemQuantity(anOrder({ status }), command('P-1', 1), now).ok).toBe(true);
    expect(changeItemQuantity(anOrder({ status }), command('P-1', 1, { caller: channel }), now)).toMatchObject({
      ok: false,
      error: { code: 'order_not_open', status },
    });
    expect(changeItemQuantity(anOrder(), command('P-1', 1, { caller: channel }), now).ok).toBe(true);
  });

  it.each(['PICKED_UP', 'REJECTED', 'CANCELLED'] as OrderStatus[])('refuses any change of a %s order', (status) => {
    expect(changeItemQuantity(anOrder({ status }), command('P-1', 1), now)).toMatchObject({ error: { code: 'order_not_open' } });
  });

  it('refuses an item that is not QUEUED, an unknown plu, a stale version and a total beyond the limit', () => {
    const preparing: Order = anOrder({ status: 'ACCEPTED' });
    preparing.items = preparing.items.map((i) => (i.plu === 'P-1' ? { ...i, status: 'PREPARING' } : i));
    expect(changeItemQuantity(preparing, command('P-1', 0), now)).toMatchObject({
      error: { code: 'item_not_open', plu: 'P-1', status: 'PREPARING' },
    });
    expect(changeItemQuantity(anOrder(), command('NOPE', 1), now)).toMatchObject({ error: { code: 'not_found' } });
    expect(changeItemQuantity(anOrder({ version: 3 }), command('P-1', 1, { expectedVersion: 2 }), now)).toMatchObject({
      error: { code: 'version_mismatch', currentVersion: 3 },
    });
    const pricey = anOrder({}, { items: [{ plu: 'X', name: 'x', quantity: 1, unitPrice: 200_000 }], payments: [] });
    expect(changeItemQuantity(pricey, command('X', 10_000), now)).toMatchObject({
      error: { code: 'limit_exceeded', field: 'quantity' },
    });
  });
});
