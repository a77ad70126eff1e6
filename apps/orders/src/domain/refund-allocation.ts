import { v7 as uuidv7 } from 'uuid';
import { Money } from './money.js';
import type { Order, OrderEvent, Refund } from './order.js';
import { leftOn } from './order-amounts.js';

/** A refund as a decision asks for it: which payment, how much, why. */
export interface RefundShare {
  paymentReference: string;
  amount: Money;
}

/**
 * `amount` split over the order's payments, latest first (the last one listed is the latest),
 * each up to what it has left. Less than `amount` comes back only if the payments hold less.
 */
export function latestFirst(order: Pick<Order, 'payments' | 'refunds'>, amount: Money): RefundShare[] {
  const shares: RefundShare[] = [];
  let rest = amount;
  for (const payment of [...order.payments].reverse()) {
    if (!rest.isPositive()) break;
    const take = Money.min(rest, leftOn(order, payment));
    if (!take.isPositive()) continue;
    shares.push({ paymentReference: payment.reference, amount: take });
    rest = rest.minus(take);
  }
  return shares;
}

/** The refunds of these shares as PENDING refunds of `order` and their `refund.requested` events, numbered on from `firstSequence`. */
export function requestRefunds(
  order: Order,
  shares: readonly RefundShare[],
  reason: string,
  firstSequence: number,
  at: Date,
  now: Date,
  newId: () => string = uuidv7,
): { order: Order; events: OrderEvent[] } {
  const refunds: Refund[] = shares.map((s) => ({ id: newId(), orderId: order.id, ...s, createdAt: now, reason }));
  return {
    order: { ...order, refunds: [...order.refunds, ...refunds.map((r) => ({ ...r, status: 'PENDING' as const }))] },
    events: refunds.map((refund, i) => ({ type: 'refund.requested', sequence: firstSequence + i, at, refund })),
  };
}
