import type { OrderStatus } from '#contracts';
import { v7 as uuidv7 } from 'uuid';
import type { Order, OrderEvent } from './order.js';

/** An order entering one of these owes its customer every payment back. */
export const REFUNDING_STATUSES: readonly OrderStatus[] = ['REJECTED', 'CANCELLED'];

/**
 * What entering `to` refunds: on REJECTED or CANCELLED, one PENDING refund of each payment's
 * whole amount (a payment of 0 included), numbered on from `firstSequence` in the order's own
 * sequence; nothing on any other status. Terminal statuses are entered once, so each payment is
 * refunded at most once (the refunds table's unique payment reference says so too).
 */
export function refundsOnEntering(
  order: Order,
  to: OrderStatus,
  firstSequence: number,
  now: Date,
  newId: () => string = uuidv7,
): OrderEvent[] {
  if (!REFUNDING_STATUSES.includes(to)) return [];
  return order.payments.map((payment, i) => ({
    type: 'refund.requested',
    sequence: firstSequence + i,
    at: now,
    refund: { id: newId(), orderId: order.id, paymentReference: payment.reference, amount: payment.amount, createdAt: now },
  }));
}
