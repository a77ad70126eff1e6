import { Money } from './money.js';
import type { Order, OrderEvent } from './order.js';
import { totalOf } from './order-lines.js';

/** The reason a line taken off the order is CANCELLED with. */
export const REMOVED = 'removed';

/**
 * The order with line `plu` taken off: CANCELLED, keeping its quantity, out of the total; and the
 * `order.item_status_changed` that says so, with the reason and the new total.
 */
export function removeLine(
  order: Order,
  plu: string,
  sequence: number,
  at: Date,
  actor: string,
): { order: Order; event: OrderEvent } {
  const item = order.items.find((i) => i.plu === plu)!;
  const items = order.items.map((i) => (i.plu === plu ? { ...i, status: 'CANCELLED' as const, removed: true } : i));
  const totalAmount: Money = totalOf(items);
  return {
    order: { ...order, items, totalAmount },
    event: {
      type: 'order.item_status_changed',
      sequence,
      at,
      actor,
      plu,
      from: item.status,
      to: 'CANCELLED',
      reason: REMOVED,
      totalAmount,
    },
  };
}
