import { orderMachine } from '#contracts/rules';
import { v7 as uuidv7 } from 'uuid';
import type { Money } from './money.js';
import type { Order, OrderEvent, Transition } from './order.js';
import { leftToRefund } from './order-amounts.js';
import { advanced } from './order-rules.js';
import { latestFirst, type RefundShare, requestRefunds } from './refund-allocation.js';

export const ORDER_CHANGED = 'order_changed';

/**
 * What a change that took the total of a non-terminal order from `before` to `after.totalAmount`
 * gives back at once: the drop D, but never more than the customer paid beyond the new total,
 * min(D, paid − refunded − total), latest payment first. An order the payments never covered
 * gets back only what now exceeds its total; a rise, or a terminal order, refunds nothing here.
 */
export function partialRefunds(before: Money, after: Order): RefundShare[] {
  if (orderMachine.isTerminal(after.status)) return [];
  const drop = before.minus(after.totalAmount);
  if (!drop.isPositive()) return [];
  const overpaid = leftToRefund(after).minus(after.totalAmount);
  const amount = overpaid.isGreaterThan(drop) ? drop : overpaid;
  return amount.isPositive() ? latestFirst(after, amount) : [];
}

/**
 * A change's events followed by the partial refunds its drop in total causes, numbered on after
 * them, and the order advanced past all of them: what every total-lowering decision returns.
 */
export function withPartialRefunds(
  before: Order,
  changed: Order,
  events: OrderEvent[],
  at: Date,
  now: Date,
  newId: () => string = uuidv7,
): Transition {
  const shares = partialRefunds(before.totalAmount, changed);
  const refunded = requestRefunds(changed, shares, ORDER_CHANGED, before.lastSequence + events.length + 1, at, now, newId);
  const all = [...events, ...refunded.events];
  return { order: advanced(refunded.order, at, now, all.length), events: all };
}
