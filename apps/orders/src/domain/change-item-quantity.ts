import { MAX_MONEY, orderMachine } from '#contracts/rules';
import type { ChangeItemQuantityCommand } from '#contracts';
import { v7 as uuidv7 } from 'uuid';
import { fail, ok } from '../result.js';
import { removeLine } from './line-removal.js';
import { Money } from './money.js';
import type { Decision, Order, OrderEvent } from './order.js';
import { totalOf } from './order-lines.js';
import { nextInstant, versionRefusal } from './order-rules.js';
import { withPartialRefunds } from './partial-refunds.js';

/**
 * A new quantity for a QUEUED line (CONTRACT section 8); 0 removes it. An ordering channel may
 * change its order only while PLACED; staff and internal callers while it is not terminal. The
 * total follows, and what the customer paid beyond a lower total goes back at once.
 */
export function changeItemQuantity(
  order: Order,
  command: ChangeItemQuantityCommand,
  now: Date,
  newId: () => string = uuidv7,
): Decision {
  const { plu, quantity } = command;
  const versionMismatch = versionRefusal(order, command.expectedVersion);
  if (versionMismatch) return versionMismatch;
  const item = order.items.find((i) => i.plu === plu);
  if (!item) return fail({ code: 'not_found', detail: `Order ${order.id} has no item with plu "${plu}".` });
  if (orderMachine.isTerminal(order.status)) {
    return fail({
      code: 'order_not_open',
      status: order.status,
      detail: `Order ${order.id} is ${order.status} (final): it cannot change any more.`,
    });
  }
  if (command.caller.role === 'channel' && order.status !== 'PLACED') {
    return fail({
      code: 'order_not_open',
      status: order.status,
      detail: `Order ${order.id} is ${order.status}; an ordering channel changes its items only while it is PLACED.`,
    });
  }
  if (item.status !== 'QUEUED') {
    return fail({
      code: 'item_not_open',
      plu,
      status: item.status,
      detail: `Item ${plu} is ${item.status}; its quantity changes, and it is removed, only while it is QUEUED.`,
    });
  }
  if (quantity === item.quantity) return ok({ order, events: [] });

  const at = nextInstant(order, now);
  const actor = command.caller.actor;
  const first = order.lastSequence + 1;
  if (quantity === 0) {
    const removal = removeLine(order, plu, first + 1, at, actor);
    const changed: OrderEvent = {
      type: 'order.item_quantity_changed',
      sequence: first,
      at,
      actor,
      plu,
      from: item.quantity,
      to: 0,
      totalAmount: removal.order.totalAmount,
    };
    return ok(withPartialRefunds(order, removal.order, [changed, removal.event], at, now, newId));
  }
  const items = order.items.map((i) => (i.plu === plu ? { ...i, quantity } : i));
  const totalAmount = totalOf(items);
  if (totalAmount.isGreaterThan(Money.MAX)) {
    return fail({
      code: 'limit_exceeded',
      field: 'quantity',
      detail: `With quantity ${quantity} the order's total would exceed ${MAX_MONEY.toLocaleString('en')}.`,
    });
  }
  const event: OrderEvent = {
    type: 'order.item_quantity_changed',
    sequence: first,
    at,
    actor,
    plu,
    from: item.quantity,
    to: quantity,
    totalAmount,
  };
  return ok(withPartialRefunds(order, { ...order, items, totalAmount }, [event], at, now, newId));
}
