import { createCommand, ORDER_ID, PLACED_AT } from './order.fixtures.js';
import { placeOrder, repeatedPayment } from './place-order.js';

const now = PLACED_AT;

describe('placeOrder', () => {
  it('places the order PLACED at version 1, its items QUEUED, its total exact, with one event', () => {
    const placed = placeOrder(createCommand({ pickupTime: '2026-01-01T13:00:00Z', deliveryAddress: { city: 'Oulu' } }), now);
    if (!placed.ok) throw new Error(placed.error.detail);
    const { order, events } = placed.value;
    expect(order).toMatchObject({
      id: ORDER_ID,
      status: 'PLACED',
      version: 1,
      lastSequence: 1,
      lastChangeAt: now,
      placedAt: now,
      createdAt: now,
      updatedAt: now,
      backfilled: false,
      customerId: 'c-42',
      customer: { id: 'c-42', name: 'John Doe' },
      deliveryAddress: { city: 'Oulu' },
      pickupTime: new Date('2026-01-01T13:00:00Z'),
      account: null,
      currency: null,
    });
    expect(order.items.map((i) => [i.plu, i.lineNo, i.status])).toEqual([
      ['P-1', 1, 'QUEUED'],
      ['P-2', 2, 'QUEUED'],
    ]);
    expect(order.totalAmount.toDecimal()).toBe('25.3000');
    expect(order.payments.map((p) => [p.reference, p.amount.toDecimal()])).toEqual([
      ['pay-1', '20.0000'],
      ['pay-2', '5.3000'],
    ]);
    expect(events).toEqual([{ type: 'order.placed', sequence: 1, at: now, actor: 'channel:test' }]);
  });

  it('counts lines without a price as 0 and takes the phone number as customer key without an id', () => {
    const placed = placeOrder(
      createCommand({ items: [{ plu: 'X', name: 'x', quantity: 5 }], customer: { phoneNumber: '+358 40-123' } }),
      now,
    );
    expect(placed.ok && [placed.value.order.totalAmount.toDecimal(), placed.value.order.customerId]).toEqual([
      '0.0000',
      '+35840123',
    ]);
  });

  it('backfills a past placedAt: history starts then, and the order is marked backfilled', () => {
    const placed = placeOrder(createCommand({}, { placedAt: '2025-12-31T08:00:00Z' }), now);
    expect(placed.ok && placed.value.order).toMatchObject({
      placedAt: new Date('2025-12-31T08:00:00Z'),
      lastChangeAt: new Date('2025-12-31T08:00:00Z'),
      createdAt: now,
      backfilled: true,
    });
  });

  it.each(['2026-01-01T12:00:00.001Z', 'yesterday'])('refuses a placedAt of %s: it must be a past instant', (placedAt) => {
    expect(placeOrder(createCommand({}, { placedAt }), now)).toEqual({
      ok: false,
      error: { code: 'invalid_time', field: 'placedAt', detail: `placedAt must be a past instant, got "${placedAt}".` },
    });
  });

  it('refuses a pickupTime that is not an instant', () => {
    expect(placeOrder(createCommand({ pickupTime: 'soon' }), now)).toMatchObject({
      ok: false,
      error: { code: 'invalid_time', field: 'pickupTime' },
    });
  });

  it('names a payment reference the order lists twice', () => {
    const twice = placeOrder(
      createCommand({
        payments: [
          { reference: 'a', amount: 1 },
          { reference: 'b', amount: 1 },
          { reference: 'a', amount: 2 },
        ],
      }),
      now,
    );
    expect(twice.ok && repeatedPayment(twice.value.order)).toBe('a');
    const once = placeOrder(createCommand(), now);
    expect(once.ok && repeatedPayment(once.value.order)).toBeNull();
  });
});

describe('placeOrder: pickupTime and scheduling', () => {
  const inMinutes = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const policy = { scheduleThresholdMs: 3_600_000, prepEstimateMinutes: 25 };

  it('refuses a pickupTime more than 7 days ahead or more than a minute ago, naming pickupTime', () => {
    for (const pickupTime of [inMinutes(8 * 24 * 60), inMinutes(-2), '2021-07-22T20:28:02Z']) {
      expect(placeOrder(createCommand({ pickupTime }), now, policy)).toMatchObject({
        ok: false,
        error: { code: 'invalid_time', field: 'pickupTime' },
      });
    }
  });

  it('takes any pickupTime on a backfill', () => {
    const backfill = createCommand({ pickupTime: '2021-07-22T20:28:02Z' }, { placedAt: '2021-07-22T20:00:00Z' });
    expect(placeOrder(backfill, now, policy).ok).toBe(true);
  });

  it('schedules an order for later than the threshold, released the estimate before its pickupTime', () => {
    const placed = placeOrder(createCommand({ pickupTime: inMinutes(14 * 60) }), now, policy);
    if (!placed.ok) throw new Error(placed.error.detail);
    expect(placed.value.order).toMatchObject({ scheduled: true, releaseAt: new Date(inMinutes(14 * 60 - 25)) });
  });

  it('releases an order for soon when it is received', () => {
    const placed = placeOrder(createCommand({ pickupTime: inMinutes(30) }), now, policy);
    if (!placed.ok) throw new Error(placed.error.detail);
    expect(placed.value.order).toMatchObject({ scheduled: false, releaseAt: now });
  });
});
