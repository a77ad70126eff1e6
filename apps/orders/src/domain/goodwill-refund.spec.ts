import type { RequestRefundCommand } from '#contracts';
import { requestGoodwillRefund } from './goodwill-refund.js';
import { Money } from './money.js';
import { after, anOrder, ORDER_ID } from './order.fixtures.js';

const now = after(5_000);
const internal = { role: 'internal', actor: 'internal:ops' };
const command = (amount: number, extra: Partial<RequestRefundCommand> = {}): RequestRefundCommand => ({
  orderId: ORDER_ID,
  amount,
  reason: 'cold fries',
  caller: internal,
  correlationId: 'corr',
  ...extra,
});

// Paid 20 (pay-1) then 5.3 (pay-2).
describe('requestGoodwillRefund', () => {
  it('refunds the latest payment with enough left, as one PENDING refund with its reason', () => {
    const decided = requestGoodwillRefund(anOrder({ status: 'PICKED_UP' }), command(5), now, () => 'r1');
    if (!decided.ok) throw new Error(decided.error.detail);
    expect(decided.value.events).toEqual([
      {
        type: 'refund.requested',
        sequence: 2,
        at: now,
        refund: {
          id: 'r1',
          orderId: ORDER_ID,
          paymentReference: 'pay-2',
          amount: Money.fromNumber(5),
          createdAt: now,
          reason: 'cold fries',
        },
      },
    ]);
    expect(decided.value.order).toMatchObject({ version: 2, lastSequence: 2 });
    expect(decided.value.order.refunds).toHaveLength(1);
    const next = requestGoodwillRefund(decided.value.order, command(5), now);
    expect(next.ok && next.value.events[0]).toMatchObject({ refund: { paymentReference: 'pay-1' } });
  });

  it('refunds the payment named, up to what it has left', () => {
    const named = requestGoodwillRefund(anOrder(), command(20, { paymentReference: 'pay-1' }), now);
    expect(named.ok && named.value.events[0]).toMatchObject({ refund: { paymentReference: 'pay-1' } });
    expect(requestGoodwillRefund(anOrder(), command(6, { paymentReference: 'pay-2' }), now)).toMatchObject({
      error: { code: 'refund_not_possible', field: 'amount' },
    });
    expect(requestGoodwillRefund(anOrder(), command(1, { paymentReference: 'nope' }), now)).toMatchObject({
      error: { code: 'invalid_input', field: 'paymentReference' },
    });
  });

  it('refuses more than is left, more than any single payment has, and an order without payments', () => {
    expect(requestGoodwillRefund(anOrder(), command(25.3001), now)).toMatchObject({ error: { code: 'refund_not_possible' } });
    expect(requestGoodwillRefund(anOrder(), command(21), now)).toMatchObject({
      error: { code: 'refund_not_possible', detail: expect.stringMatching(/No single payment/) },
    });
    expect(requestGoodwillRefund(anOrder({ payments: [] }), command(1), now)).toMatchObject({
      error: { code: 'refund_not_possible', detail: expect.stringMatching(/no payments/) },
    });
  });

  it('counts a FAILED refund as nothing given back', () => {
    const order = anOrder({
      refunds: [
        {
          id: 'f',
          orderId: ORDER_ID,
          paymentReference: 'pay-2',
          amount: Money.fromNumber(5.3),
          createdAt: now,
          reason: 'x',
          status: 'FAILED',
        },
      ],
    });
    const decided = requestGoodwillRefund(order, command(5.3), now);
    expect(decided.ok && decided.value.events[0]).toMatchObject({ refund: { paymentReference: 'pay-2' } });
  });
});
