import type { RequestRefundCommand } from '#contracts';
import { v7 as uuidv7 } from 'uuid';
import { fail, ok } from '../result.js';
import { Money } from './money.js';
import type { Decision, Order } from './order.js';
import { leftOn, leftToRefund } from './order-amounts.js';
import { advanced, nextInstant, versionRefusal } from './order-rules.js';
import { requestRefunds } from './refund-allocation.js';

/**
 * A goodwill refund (CONTRACT section 8): always one refund of one payment, the one named, else
 * the latest with enough left; never beyond what the order, or that payment, has left. The
 * order's version moves: its refundedAmount is part of what it shows.
 */
export function requestGoodwillRefund(
  order: Order,
  command: RequestRefundCommand,
  now: Date,
  newId: () => string = uuidv7,
): Decision {
  const versionMismatch = versionRefusal(order, command.expectedVersion);
  if (versionMismatch) return versionMismatch;
  const amount = Money.fromNumber(command.amount);
  if (order.payments.length === 0) {
    return refuse('amount', `Order ${order.id} has no payments: there is nothing to refund.`);
  }
  const left = leftToRefund(order);
  if (amount.isGreaterThan(left)) {
    return refuse('amount', `Order ${order.id} has ${left.toNumber()} left to refund; ${command.amount} is more.`);
  }
  let payment;
  if (command.paymentReference !== undefined) {
    payment = order.payments.find((p) => p.reference === command.paymentReference);
    if (!payment) {
      return fail({
        code: 'invalid_input',
        field: 'paymentReference',
        detail: `Order ${order.id} has no payment "${command.paymentReference}".`,
      });
    }
    if (amount.isGreaterThan(leftOn(order, payment))) {
      return refuse(
        'amount',
        `Payment ${payment.reference} has ${leftOn(order, payment).toNumber()} left to refund; ${command.amount} is more.`,
      );
    }
  } else {
    payment = [...order.payments].reverse().find((p) => !amount.isGreaterThan(leftOn(order, p)));
    if (!payment) {
      return refuse(
        'amount',
        `No single payment of order ${order.id} has ${command.amount} left; refund less, or name payments one by one.`,
      );
    }
  }
  const at = nextInstant(order, now);
  const share = { paymentReference: payment.reference, amount };
  const refunded = requestRefunds(order, [share], command.reason, order.lastSequence + 1, at, now, newId);
  return ok({ order: advanced(refunded.order, at, now, 1), events: refunded.events });
}

const refuse = (field: string, detail: string): Decision => fail({ code: 'refund_not_possible', field, detail });
