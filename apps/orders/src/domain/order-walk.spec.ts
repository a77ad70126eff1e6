import { ITEM_STATUSES, ORDER_STATUSES } from '#contracts/rules';
import type { ChangeStatusCommand, ItemStatus, OrderStatus } from '#contracts';
import fc from 'fast-check';
import { addItems } from './add-items.js';
import { changeItemStatus } from './change-item-status.js';
import { changeStatus } from './change-status.js';
import { Money } from './money.js';
import type { Decision, Order, OrderEvent } from './order.js';
import { anOrder, ORDER_ID, PLACED_AT, staff } from './order.fixtures.js';

/** Any sequence of commands, at any clock (behind, equal or ahead), from a freshly placed order. */
type Step =
  | { kind: 'status'; status: OrderStatus; clockMs: number; backfillMs?: number }
  | { kind: 'item'; plu: string; status: ItemStatus; clockMs: number }
  | { kind: 'add'; plu: string; quantity: number; clockMs: number };

const clock = fc.integer({ min: -60_000, max: 60_000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('status' as const),
    status: fc.constantFrom(...ORDER_STATUSES),
    clockMs: clock,
    backfillMs: fc.option(fc.integer({ min: -120_000, max: 0 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('item' as const),
    plu: fc.constantFrom('P-1', 'P-2', 'N'),
    status: fc.constantFrom(...ITEM_STATUSES),
    clockMs: clock,
  }),
  fc.record({
    kind: fc.constant('add' as const),
    plu: fc.constantFrom('P-1', 'N'),
    quantity: fc.integer({ min: 1, max: 5 }),
    clockMs: clock,
  }),
);
const payments = fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 4 });

function apply(order: Order, s: Step, now: Date): Decision {
  const common = { orderId: ORDER_ID, caller: staff, correlationId: 'c' };
  switch (s.kind) {
    case 'status': {
      const at = s.backfillMs === undefined ? {} : { at: new Date(now.getTime() + s.backfillMs).toISOString() };
      return changeStatus(order, { ...common, status: s.status, ...at } satisfies ChangeStatusCommand, now);
    }
    case 'item':
      return changeItemStatus(order, { ...common, plu: s.plu, status: s.status }, now);
    case 'add': {
      const name = s.plu === 'N' ? 'New' : 'Burger';
      return addItems(order, { ...common, items: [{ plu: s.plu, name, quantity: s.quantity, unitPrice: 12.5 }] }, now);
    }
  }
}

describe('any walk of the transition tables', () => {
  it('keeps history forwards, sequences gapless, versions counting, refunds within payments', () => {
    fc.assert(
      fc.property(payments, fc.array(step, { maxLength: 25 }), (units, steps) => {
        let order = anOrder({
          payments: units.map((u, i) => ({ reference: `pay-${i}`, amount: Money.parse((u / 10_000).toFixed(4)) })),
        });
        const events: OrderEvent[] = [];
        let wall = PLACED_AT.getTime();
        for (const s of steps) {
          wall += s.clockMs;
          const decided = apply(order, s, new Date(wall));
          if (!decided.ok) continue;
          const next = decided.value.order;
          expect(next.version).toBe(order.version + 1);
          expect(next.lastSequence).toBe(order.lastSequence + decided.value.events.length);
          expect(decided.value.events.map((e) => e.sequence)).toEqual(
            decided.value.events.map((_, i) => order.lastSequence + 1 + i),
          );
          expect(next.lastChangeAt.getTime()).toBeGreaterThanOrEqual(order.lastChangeAt.getTime());
          events.push(...decided.value.events);
          order = next;
        }
        const instants = events.filter((e) => e.type !== 'refund.requested').map((e) => e.at.getTime());
        expect(instants).toEqual([...instants].sort((a, b) => a - b));

        const refunds = events.flatMap((e) => (e.type === 'refund.requested' ? [e.refund] : []));
        for (const payment of order.payments) {
          const back = Money.sum(refunds.filter((r) => r.paymentReference === payment.reference).map((r) => r.amount));
          expect(back.isGreaterThan(payment.amount)).toBe(false);
          if (order.status === 'REJECTED' || order.status === 'CANCELLED') expect(back.equals(payment.amount)).toBe(true);
        }
        // Only removals (a drop in total) refund before a terminal status.
        if (!events.some((e) => e.type === 'order.item_status_changed' && e.reason === 'removed')) {
          if (order.status !== 'REJECTED' && order.status !== 'CANCELLED') expect(refunds).toHaveLength(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
