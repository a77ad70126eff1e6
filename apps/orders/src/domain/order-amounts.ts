import { Money } from './money.js';
import type { Order, Payment } from './order.js';

/* What an order's customer paid, what went back, and what each payment has left (CONTRACT section 8). */

/** Σ of the order's payments. */
export const paidAmount = (order: Pick<Order, 'payments'>): Money => Money.sum(order.payments.map((p) => p.amount));

/** Σ of its refunds that did not fail: a FAILED refund gave nothing back. */
export const refundedAmount = (order: Pick<Order, 'refunds'>): Money =>
  Money.sum(order.refunds.filter((r) => r.status !== 'FAILED').map((r) => r.amount));

/** What is still refundable of one payment: its amount less its refunds that did not fail. */
export const leftOn = (order: Pick<Order, 'refunds'>, payment: Payment): Money =>
  payment.amount.minus(
    Money.sum(
      order.refunds.filter((r) => r.paymentReference === payment.reference && r.status !== 'FAILED').map((r) => r.amount),
    ),
  );

/** What is still refundable of the whole order. */
export const leftToRefund = (order: Pick<Order, 'payments' | 'refunds'>): Money => paidAmount(order).minus(refundedAmount(order));
