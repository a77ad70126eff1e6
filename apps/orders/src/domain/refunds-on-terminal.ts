import type { OrderStatus } from '#contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Order, OrderEvent } from './order.js';
import { leftOn } from './order-amounts.js';
import { requestRefunds } from './refund-allocation.js';

/** An order entering one of these owes its customer every payment back. */
export const REFUNDING_STATUSES: readonly OrderStatus[] = ['REJECTED', 'CANCELLED'];

/**
 * What entering `to` refunds: on REJECTED or CANCELLED, one PENDING refund of what each payment
 * has left after the refunds before (a payment of 0 never refunded included, so every payment is
 * accounted for), numbered on from `firstSequence` in the order's own sequence; nothing on any
 * other status. Terminal statuses are entered once, so what is paid goes back exactly once.
 */
export function refundsOnEntering(
  order: Order,
  to: OrderStatus,
  firstSequence: number,
  now: Date,
  newId: () => string = uuidv7,
): OrderEvent[] {
  return refundOnEntering(order, to, firstSequence, now, now, newId).events;
}

/** refundsOnEntering, with the order carrying the refunds it requests. */
export function refundOnEntering(
  order: Order,
  to: OrderStatus,
  firstSequence: number,
  at: Date,
  now: Date,
  newId: () => string = uuidv7,
): { order: Order; events: OrderEvent[] } {
  if (!REFUNDING_STATUSES.includes(to)) return { order, events: [] };
  const shares = order.payments.flatMap((payment) => {
    const left = leftOn(order, payment);
    const untouched = !order.refunds.some((r) => r.paymentReference === payment.reference && r.status !== 'FAILED');
    return left.isPositive() || untouched ? [{ paymentReference: payment.reference, amount: left }] : [];
  });
  return requestRefunds(order, shares, `order_${to.toLowerCase()}`, firstSequence, at, now, newId);
}
