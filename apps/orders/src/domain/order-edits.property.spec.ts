import { ITEM_STATUSES, ORDER_STATUSES, orderMachine } from '#contracts/rules';
import type { ItemStatus, OrderStatus } from '#contracts';
import fc from 'fast-check';
import { addItems } from './add-items.js';
import { changeItemQuantity } from './change-item-quantity.js';
import { changeItemStatus } from './change-item-status.js';
import { changeStatus } from './change-status.js';
import { requestGoodwillRefund } from './goodwill-refund.js';
import { Money } from './money.js';
import type { Decision, Order } from './order.js';
import { leftOn, paidAmount, refundedAmount } from './order-amounts.js';
import { totalOf } from './order-lines.js';
import { after, anOrder, ORDER_ID } from './order.fixtures.js';

/*
 * Random edit sequences (quantities, removals, item and order statuses, added lines, goodwill
 * refunds, refunds settled) against the money invariants of CONTRACT section 8, checked after
 * every step: refunds within each payment and the whole, the total the sum of the live lines,
 * a rejected or cancelled order refunded exactly once, and never more kept than the total.
 */
type Step =
  | { kind: 'quantity'; plu: string; quantity: number; channel: boolean }
  | { kind: 'item'; plu: string; status: ItemStatus }
  | { kind: 'status'; status: OrderStatus }
  | { kind: 'add'; plu: string; quantity: number }
  | { kind: 'goodwill'; units: number; named: number | null }
  | { kind: 'settle'; index: number };

const PLUS = ['A', 'B', 'C', 'N'];
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('quantity' as const),
      plu: fc.constantFrom(...PLUS),
      quantity: fc.integer({ min: 0, max: 6 }),
      channel: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('item' as const),
      plu: fc.constantFrom(...PLUS),
      status: fc.constantFrom(...ITEM_STATUSES),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(...ORDER_STATUSES) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      plu: fc.constantFrom('A', 'N'),
      quantity: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('goodwill' as const),
      units: fc.integer({ min: 1, max: 200_000 }),
      named: fc.option(fc.nat(3), { nil: null }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settle' as const), index: fc.nat(20) }) },
);

/** Prices in 1/10,000, and payments that cover the total exactly, fall short of it, or exceed it. */
const placement = fc.record({
  prices: fc.tuple(
    fc.integer({ min: 0, max: 300_000 }),
    fc.integer({ min: 0, max: 300_000 }),
    fc.integer({ min: 1, max: 300_000 }),
  ),
  quantities: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
  split: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 0, maxLength: 4 }),
  cover: fc.constantFrom(1, 1, 1, 0.5, 1.5),
});

type Placement = typeof placement extends fc.Arbitrary<infer T> ? T : never;

function placed(p: Placement): Order {
  const items = ['A', 'B', 'C'].map((plu, i) => ({
    plu,
    name: plu,
    quantity: p.quantities[i]!,
    unitPrice: p.prices[i]! / 10_000,
  }));
  const total = items.reduce((sum, item, i) => sum + item.quantity * p.prices[i]!, 0);
  const paid = Math.round(total * p.cover);
  const weights = p.split.reduce((a, b) => a + b, 0);
  let given = 0;
  const payments = p.split.map((w, i) => {
    const units = i === p.split.length - 1 ? paid - given : Math.floor((paid * w) / weights);
    given += units;
    return { reference: `pay-${i}`, amount: units / 10_000 };
  });
  return anOrder({}, { items, payments });
}

function apply(order: Order, s: Step, now: Date): Decision {
  const staff = { orderId: ORDER_ID, caller: { role: 'staff', actor: 'staff:x' }, correlationId: 'c' };
  switch (s.kind) {
    case 'quantity':
      return changeItemQuantity(
        order,
        { ...staff, plu: s.plu, quantity: s.quantity, ...(s.channel && { caller: { role: 'channel', actor: 'ch' } }) },
        now,
      );
    case 'item':
      return changeItemStatus(order, { ...staff, plu: s.plu, status: s.status }, now);
    case 'status':
      return changeStatus(order, { ...staff, status: s.status }, now);
    case 'add':
      return addItems(order, { ...staff, items: [{ plu: s.plu, name: s.plu, quantity: s.quantity, unitPrice: 1.25 }] }, now);
    case 'goodwill': {
      const named = s.named === null ? undefined : order.payments[s.named]?.reference;
      return requestGoodwillRefund(
        order,
        { ...staff, amount: s.units / 10_000, reason: 'goodwill', ...(named && { paymentReference: named }) },
        now,
      );
    }
    case 'settle': {
      // A refund settles outside the order's decisions; PROCESSED changes no amount.
      const refunds = order.refunds.map((r, i) =>
        i === s.index && r.status === 'PENDING' ? { ...r, status: 'PROCESSED' as const } : r,
      );
      return { ok: true, value: { order: { ...order, refunds }, events: [] } };
    }
  }
}

/** Plain checks, not expect(): ten thousand sequences stay within a few seconds. */
function assert(holds: boolean, what: string, order: Order): void {
  if (!holds) throw new Error(`${what}: ${JSON.stringify(order, (_k, v: unknown) => (v instanceof Money ? v.toDecimal() : v))}`);
}

function checkInvariants(order: Order, excessAtPlacement: Money): void {
  const paid = paidAmount(order);
  const refunded = refundedAmount(order);
  assert(!refunded.isGreaterThan(paid), 'refunded beyond paid', order);
  for (const payment of order.payments)
    assert(!Money.ZERO.isGreaterThan(leftOn(order, payment)), 'a payment refunded beyond its amount', order);
  assert(
    order.totalAmount.equals(totalOf(order.items.filter((i) => !i.removed))),
    'total is not the sum of the live lines',
    order,
  );
  if (order.status === 'REJECTED' || order.status === 'CANCELLED') {
    for (const payment of order.payments) assert(leftOn(order, payment).equals(Money.ZERO), 'not refunded exactly once', order);
  } else {
    // What the customer has paid and not got back never exceeds the total by more than it did at placement:
    // with payments that covered the total exactly (or fell short), paid − refunded ≤ total.
    const kept = paid.minus(refunded).minus(order.totalAmount);
    assert(
      !kept.isGreaterThan(excessAtPlacement.isPositive() ? excessAtPlacement : Money.ZERO),
      'kept more than the total',
      order,
    );
  }
}

/**
 * A change of a non-terminal order refunds exactly min(D, paid − refunded − total), if positive,
 * where D is the drop of its total: never more than the customer paid beyond the new total.
 */
function checkPartialRefund(before: Order, after: Order): void {
  if (orderMachine.isTerminal(after.status)) return;
  const drop = before.totalAmount.minus(after.totalAmount);
  const overpaid = paidAmount(after).minus(refundedAmount(before)).minus(after.totalAmount);
  const due = drop.isPositive() && overpaid.isPositive() ? Money.min(drop, overpaid) : Money.ZERO;
  assert(refundedAmount(after).minus(refundedAmount(before)).equals(due), `refunded other than ${due.toDecimal()}`, after);
}

describe('order edits and refunds, over random sequences', () => {
  it('keep every money invariant after every step', () => {
    const now = after(1_000);
    fc.assert(
      fc.property(placement, fc.array(step, { maxLength: 12 }), (p, steps) => {
        let order = placed(p);
        const excess = paidAmount(order).minus(order.totalAmount);
        checkInvariants(order, excess);
        for (const s of steps) {
          const decided = apply(order, s, now);
          if (!decided.ok) continue;
          if (s.kind !== 'goodwill') checkPartialRefund(order, decided.value.order);
          order = decided.value.order;
          checkInvariants(order, excess);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
