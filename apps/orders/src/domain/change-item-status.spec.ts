import { ITEM_STATUSES, ITEM_TRANSITIONS, ORDER_STATUSES, orderMachine } from '#contracts/rules';
import type { ChangeItemStatusCommand, ItemStatus } from '#contracts';
import { changeItemStatus } from './change-item-status.js';
import type { Order } from './order.js';
import { after, anOrder, ORDER_ID, staff } from './order.fixtures.js';

const now = after(5_000);
const command = (plu: string, status: ItemStatus, extra: Partial<ChangeItemStatusCommand> = {}): ChangeItemStatusCommand => ({
  orderId: ORDER_ID,
  plu,
  status,
  caller: staff,
  correlationId: 'corr',
  ...extra,
});
const withItem = (status: ItemStatus, changes: Partial<Order> = {}): Order => {
  const order = anOrder(changes);
  return { ...order, items: order.items.map((i) => (i.plu === 'P-1' ? { ...i, status } : i)) };
};
const pairs = ITEM_STATUSES.flatMap((from) => ITEM_STATUSES.map((to) => [from, to] as const));

describe('changeItemStatus', () => {
  it.each(pairs.filter(([from, to]) => ITEM_TRANSITIONS[from].includes(to) && to !== 'CANCELLED'))(
    'moves an item %s to %s, and the order a version on',
    (from, to) => {
      const order = withItem(from, { version: 2, lastSequence: 3, status: 'ACCEPTED' });
      const decided = changeItemStatus(order, command('P-1', to), now);
      if (!decided.ok) throw new Error(decided.error.detail);
      expect(decided.value.order).toMatchObject({
        version: 3,
        lastSequence: 4,
        lastChangeAt: now,
        updatedAt: now,
        status: 'ACCEPTED',
      });
      expect(decided.value.order.items.map((i) => i.status)).toEqual([to, 'QUEUED']);
      expect(decided.value.events).toEqual([
        {
          type: 'order.item_status_changed',
          sequence: 4,
          at: now,
          actor: 'staff:anna',
          plu: 'P-1',
          from,
          to,
          reason: null,
          totalAmount: null,
        },
      ]);
    },
  );

  it.each(['QUEUED', 'PREPARING'] as const)(
    'removes an item %s cancelled on its own, and refunds what is paid beyond the new total',
    (from) => {
      // 2 × 12.5 + 3 × 0.1 = 25.3, paid 20 + 5.3: without P-1 the total is 0.3, and 25 goes back, latest payment first.
      const order = withItem(from, { version: 2, lastSequence: 3, status: 'ACCEPTED' });
      const decided = changeItemStatus(order, command('P-1', 'CANCELLED'), now, () => 'r');
      if (!decided.ok) throw new Error(decided.error.detail);
      const { order: changed, events } = decided.value;
      expect(changed).toMatchObject({ version: 3, lastSequence: 6 });
      expect(changed.items[0]).toMatchObject({ status: 'CANCELLED', removed: true, quantity: 2 });
      expect(changed.totalAmount.toDecimal()).toBe('0.3000');
      expect(events[0]).toMatchObject({
        type: 'order.item_status_changed',
        sequence: 4,
        from,
        to: 'CANCELLED',
        reason: 'removed',
      });
      expect(
        events.map(
          (e) =>
            e.type === 'refund.requested' && [
              e.sequence,
              e.refund.paymentReference,
              e.refund.amount.toDecimal(),
              e.refund.reason,
            ],
        ),
      ).toEqual([false, [5, 'pay-2', '5.3000', 'order_changed'], [6, 'pay-1', '19.7000', 'order_changed']]);
    },
  );

  it.each(pairs.filter(([from, to]) => !ITEM_TRANSITIONS[from].includes(to)))('refuses an item %s to %s', (from, to) => {
    expect(changeItemStatus(withItem(from), command('P-1', to), now)).toEqual({
      ok: false,
      error: {
        code: 'illegal_transition',
        from,
        to,
        allowed: ITEM_TRANSITIONS[from],
        detail: expect.stringMatching(/^Item P-1 cannot go/),
      },
    });
  });

  it.each(ORDER_STATUSES.filter((s) => orderMachine.isTerminal(s)))('keeps the items of a %s order still', (status) => {
    expect(changeItemStatus(anOrder({ status }), command('P-1', 'READY'), now)).toEqual({
      ok: false,
      error: {
        code: 'illegal_transition',
        from: 'QUEUED',
        to: 'READY',
        allowed: [],
        detail: `Order ${ORDER_ID} is ${status} (final): its items cannot change any more.`,
      },
    });
  });

  it('refuses a stale expectedVersion first, then an unknown plu as not found', () => {
    expect(changeItemStatus(anOrder({ version: 4 }), command('NOPE', 'READY', { expectedVersion: 3 }), now)).toMatchObject({
      error: { code: 'version_mismatch', currentVersion: 4 },
    });
    expect(changeItemStatus(anOrder(), command('NOPE', 'READY'), now)).toEqual({
      ok: false,
      error: { code: 'not_found', detail: `Order ${ORDER_ID} has no item with plu "NOPE".` },
    });
  });

  it('never lets history run backwards', () => {
    const last = after(10_000);
    const decided = changeItemStatus(anOrder({ lastChangeAt: last }), command('P-1', 'PREPARING'), now);
    expect(decided.ok && decided.value.events[0]!.at).toEqual(last);
  });
});
