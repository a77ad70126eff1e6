import { ORDER_STATUSES } from '#contracts/rules';
import { Money } from './money.js';
import { after, anOrder, ORDER_ID } from './order.fixtures.js';
import { REFUNDING_STATUSES, refundsOnEntering } from './refunds-on-terminal.js';

const now = after(1_000);
let ids = 0;
const newId = () => `refund-${++ids}`;

describe('refunds on a terminal status', () => {
  it('refunds each payment in full on REJECTED and CANCELLED, a payment of 0 included', () => {
    const order = anOrder({
      payments: [
        { reference: 'pay-1', amount: Money.fromNumber(10.0001) },
        { reference: 'pay-2', amount: Money.ZERO },
      ],
    });
    for (const status of ['REJECTED', 'CANCELLED'] as const) {
      ids = 0;
      expect(refundsOnEntering(order, status, 7, now, newId)).toEqual([
        {
          type: 'refund.requested',
          sequence: 7,
          at: now,
          refund: {
            id: 'refund-1',
            orderId: ORDER_ID,
            paymentReference: 'pay-1',
            amount: Money.fromNumber(10.0001),
            createdAt: now,
            reason: `order_${status.toLowerCase()}`,
          },
        },
        {
          type: 'refund.requested',
          sequence: 8,
          at: now,
          refund: {
            id: 'refund-2',
            orderId: ORDER_ID,
            paymentReference: 'pay-2',
            amount: Money.ZERO,
            createdAt: now,
            reason: `order_${status.toLowerCase()}`,
          },
        },
      ]);
    }
  });

  it('refunds only what each payment has left after partial refunds, and nothing of a payment already refunded whole', () => {
    const order = anOrder({
      refunds: [
        {
          id: 'r1',
          orderId: ORDER_ID,
          paymentReference: 'pay-2',
          amount: Money.fromNumber(5.3),
          createdAt: now,
          reason: 'order_changed',
          status: 'PENDING',
        },
        {
          id: 'r2',
          orderId: ORDER_ID,
          paymentReference: 'pay-1',
          amount: Money.fromNumber(4),
          createdAt: now,
          reason: 'order_changed',
          status: 'PROCESSED',
        },
        {
          id: 'r3',
          orderId: ORDER_ID,
          paymentReference: 'pay-1',
          amount: Money.fromNumber(1),
          createdAt: now,
          reason: 'x',
          status: 'FAILED',
        },
      ],
    });
    const events = refundsOnEntering(order, 'CANCELLED', 1, now, newId);
    expect(events.map((e) => e.type === 'refund.requested' && [e.refund.paymentReference, e.refund.amount.toDecimal()])).toEqual([
      ['pay-1', '16.0000'],
    ]);
  });

  it('refunds nothing on any other status, nor for an order without payments', () => {
    const order = anOrder();
    expect(ORDER_STATUSES.filter((s) => refundsOnEntering(order, s, 1, now).length > 0)).toEqual(REFUNDING_STATUSES);
    expect(refundsOnEntering(anOrder({ payments: [] }), 'CANCELLED', 1, now)).toEqual([]);
  });
});
