import type { ChangeOrderCommand, OrderStatus } from '#contracts';
import { changeDetails } from './change-details.js';
import { after, anOrder, ORDER_ID, PLACED_AT, staff } from './order.fixtures.js';

const now = after(5_000);
const command = (changes: ChangeOrderCommand['changes'], extra: Partial<ChangeOrderCommand> = {}): ChangeOrderCommand => ({
  orderId: ORDER_ID,
  changes,
  caller: staff,
  correlationId: 'corr',
  ...extra,
});
const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
const policy = { scheduleThresholdMs: 3_600_000, prepEstimateMinutes: 20 };

describe('changeDetails', () => {
  it('merges the customer’s name and phone, keeping its id and the analytics key, with order.updated', () => {
    const decided = changeDetails(anOrder(), command({ customer: { phoneNumber: '+358 40 123' } }), now);
    if (!decided.ok) throw new Error(decided.error.detail);
    const { order, events } = decided.value;
    expect(order.customer).toEqual({ id: 'c-42', name: 'John Doe', phoneNumber: '+358 40 123' });
    expect(order).toMatchObject({ customerId: 'c-42', version: 2, lastSequence: 2 });
    expect(events).toEqual([
      { type: 'order.updated', sequence: 2, at: now, actor: 'staff:anna', changes: { customer: order.customer } },
    ]);
  });

  it('replaces the address of a DELIVERY order, and switches a delivery to pickup only without its address', () => {
    const delivery = anOrder({}, { deliveryAddress: { city: 'Helsinki', street: 'A 1' } });
    const moved = changeDetails(delivery, command({ deliveryAddress: { city: 'Espoo' } }), now);
    expect(moved.ok && moved.value.events[0]).toMatchObject({ changes: { deliveryAddress: { city: 'Espoo' } } });
    expect(changeDetails(delivery, command({ deliveryAddress: null }), now)).toMatchObject({
      error: { code: 'invalid_input', field: 'deliveryAddress' },
    });
    expect(changeDetails(delivery, command({ fulfillment: { mode: 'PICKUP' } }), now)).toMatchObject({
      error: { code: 'invalid_input', field: 'deliveryAddress' },
    });
    const pickup = changeDetails(delivery, command({ fulfillment: { mode: 'PICKUP' }, deliveryAddress: null }), now);
    expect(pickup.ok && pickup.value.events[0]).toMatchObject({
      changes: { fulfillment: { mode: 'PICKUP' }, deliveryAddress: null },
    });
    expect(changeDetails(anOrder(), command({ fulfillment: { mode: 'DINE_IN' } }), now)).toMatchObject({
      error: { field: 'fulfillment.table' },
    });
  });

  it('decides scheduled and releaseAt again for a new pickupTime while PLACED, from the order’s receipt', () => {
    const order = anOrder({ createdAt: now, releaseAt: now });
    const later = changeDetails(order, command({ pickupTime: inHours(3) }), now, policy);
    if (!later.ok) throw new Error(later.error.detail);
    expect(later.value.order).toMatchObject({
      scheduled: true,
      releaseAt: new Date(now.getTime() + 3 * 3_600_000 - 20 * 60_000),
    });
    expect(later.value.events[0]).toMatchObject({ changes: { scheduled: true, pickupTime: new Date(inHours(3)) } });
    const back = changeDetails(later.value.order, command({ pickupTime: null }), now, policy);
    expect(back.ok && back.value.order).toMatchObject({ scheduled: false, releaseAt: now, pickupTime: null });
  });

  it('keeps the schedule of an ACCEPTED order, and refuses pickupTime and fulfillment later on', () => {
    const accepted = changeDetails(anOrder({ status: 'ACCEPTED' }), command({ pickupTime: inHours(3) }), now, policy);
    expect(accepted.ok && accepted.value.order).toMatchObject({ scheduled: false, releaseAt: PLACED_AT });
    for (const status of ['PREPARING', 'READY'] as OrderStatus[]) {
      expect(changeDetails(anOrder({ status }), command({ pickupTime: inHours(1) }), now)).toMatchObject({
        error: { code: 'order_not_open', status },
      });
      expect(changeDetails(anOrder({ status }), command({ fulfillment: { mode: 'PICKUP' } }), now)).toMatchObject({
        error: { code: 'order_not_open' },
      });
      expect(changeDetails(anOrder({ status }), command({ customer: { name: 'Jane' } }), now).ok).toBe(true);
    }
  });

  it.each(['PICKED_UP', 'REJECTED', 'CANCELLED'] as OrderStatus[])('refuses any edit of a %s order', (status) => {
    expect(changeDetails(anOrder({ status }), command({ customer: { name: 'Jane' } }), now)).toMatchObject({
      error: { code: 'order_not_open', status },
    });
  });

  it('refuses a pickupTime beyond 7 days or in the past, and a stale version; an edit to the same values changes nothing', () => {
    expect(changeDetails(anOrder(), command({ pickupTime: inHours(24 * 8) }), now)).toMatchObject({
      error: { code: 'invalid_time', field: 'pickupTime' },
    });
    expect(changeDetails(anOrder(), command({ pickupTime: inHours(-1) }), now)).toMatchObject({
      error: { code: 'invalid_time', field: 'pickupTime' },
    });
    expect(changeDetails(anOrder({ version: 2 }), command({}, { expectedVersion: 1 }), now)).toMatchObject({
      error: { code: 'version_mismatch' },
    });
    const order = anOrder();
    expect(changeDetails(order, command({ customer: { name: 'John Doe' } }), now)).toEqual({
      ok: true,
      value: { order, events: [] },
    });
  });
});
