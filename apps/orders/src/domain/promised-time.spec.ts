import type { ChangePromisedTimeCommand, ChangeStatusCommand } from '#contracts';
import { changeStatus } from './change-status.js';
import { after, anOrder, ORDER_ID, staff } from './order.fixtures.js';
import { changePromisedTime, prepEstimateMinutes, promiseOnAcceptance } from './promised-time.js';

const MINUTE = 60_000;
const accept = (extra: Partial<ChangeStatusCommand> = {}): ChangeStatusCommand => ({
  orderId: ORDER_ID,
  status: 'ACCEPTED',
  caller: staff,
  correlationId: 'corr',
  ...extra,
});
const move = (promisedReadyAt: string, extra: Partial<ChangePromisedTimeCommand> = {}): ChangePromisedTimeCommand => ({
  orderId: ORDER_ID,
  promisedReadyAt,
  caller: staff,
  correlationId: 'corr',
  ...extra,
});

describe('prepEstimateMinutes', () => {
  it('is the default while fewer than 5 prep times are known', () => {
    expect(prepEstimateMinutes([], 15)).toBe(15);
    expect(
      prepEstimateMinutes(
        [1, 2, 3, 4].map((m) => m * MINUTE),
        15,
      ),
    ).toBe(15);
  });

  it('is the median, in whole minutes rounded up', () => {
    expect(
      prepEstimateMinutes(
        [10, 12, 30, 11, 50].map((m) => m * MINUTE),
        15,
      ),
    ).toBe(12);
    expect(
      prepEstimateMinutes(
        [10, 12, 13, 11, 50, 9].map((m) => m * MINUTE),
        15,
      ),
    ).toBe(12); // (11 + 12) / 2 = 11.5
    expect(prepEstimateMinutes([1, 1, 8 * MINUTE + 1, 9 * MINUTE, 9 * MINUTE], 15)).toBe(9);
    expect(prepEstimateMinutes([0, 0, 0, 0, 0], 15)).toBe(1);
  });
});

describe('promiseOnAcceptance', () => {
  const accepted = after(0);
  it('is the acceptance plus the prep minutes, or the pickupTime when later', () => {
    expect(promiseOnAcceptance(accepted, 20, null)).toEqual(after(20 * MINUTE));
    expect(promiseOnAcceptance(accepted, 20, after(10 * MINUTE))).toEqual(after(20 * MINUTE));
    expect(promiseOnAcceptance(accepted, 20, after(90 * MINUTE))).toEqual(after(90 * MINUTE));
  });
});

describe('changeStatus to ACCEPTED', () => {
  const now = after(MINUTE);

  it('promises the brand estimate after the acceptance, with an order.promised_time_changed after the status change', () => {
    const decided = changeStatus(anOrder(), accept(), now, 25);
    if (!decided.ok) throw new Error(decided.error.detail);
    expect(decided.value.order).toMatchObject({ acceptedAt: now, promisedReadyAt: after(26 * MINUTE) });
    expect(decided.value.events.map((e) => [e.type, e.sequence])).toEqual([
      ['order.status_changed', 2],
      ['order.promised_time_changed', 3],
    ]);
    expect(decided.value.events[1]).toMatchObject({ promisedReadyAt: after(26 * MINUTE), previous: null, reason: null });
  });

  it('takes prepMinutes over the estimate, and a later pickupTime over both', () => {
    const byPrep = changeStatus(anOrder(), accept({ prepMinutes: 5 }), now, 25);
    expect(byPrep.ok && byPrep.value.order.promisedReadyAt).toEqual(after(6 * MINUTE));
    const byPickup = changeStatus(anOrder({ pickupTime: after(120 * MINUTE) }), accept({ prepMinutes: 5 }), now, 25);
    expect(byPickup.ok && byPickup.value.order.promisedReadyAt).toEqual(after(120 * MINUTE));
  });

  it('counts from a backfilled at', () => {
    const decided = changeStatus(anOrder(), accept({ at: after(30_000).toISOString(), prepMinutes: 10 }), now);
    expect(decided.ok && decided.value.order.promisedReadyAt).toEqual(after(30_000 + 10 * MINUTE));
  });

  it('refuses prepMinutes with any other target', () => {
    expect(changeStatus(anOrder(), accept({ status: 'REJECTED', prepMinutes: 5 }), now)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'prepMinutes' },
    });
  });

  it('leaves the promise of an accepted order as it is on later moves', () => {
    const accepted = changeStatus(anOrder(), accept({ prepMinutes: 5 }), now);
    if (!accepted.ok) throw new Error(accepted.error.detail);
    const preparing = changeStatus(accepted.value.order, accept({ status: 'PREPARING' }), after(2 * MINUTE));
    expect(preparing.ok && preparing.value.order.promisedReadyAt).toEqual(after(6 * MINUTE));
    expect(preparing.ok && preparing.value.events.map((e) => e.type)).toEqual(['order.status_changed']);
  });
});

describe('changePromisedTime', () => {
  const acceptedAt = after(MINUTE);
  const accepted = anOrder({ status: 'ACCEPTED', acceptedAt, promisedReadyAt: after(16 * MINUTE), lastSequence: 3 });

  it('moves the promise while ACCEPTED or PREPARING, with the previous one in the event', () => {
    for (const order of [accepted, { ...accepted, status: 'PREPARING' as const }]) {
      const decided = changePromisedTime(
        order,
        move(after(40 * MINUTE).toISOString(), { reason: 'oven down' }),
        after(5 * MINUTE),
      );
      if (!decided.ok) throw new Error(decided.error.detail);
      expect(decided.value.order).toMatchObject({ promisedReadyAt: after(40 * MINUTE), version: order.version + 1 });
      expect(decided.value.events).toEqual([
        {
          type: 'order.promised_time_changed',
          sequence: 4,
          at: after(5 * MINUTE),
          actor: 'staff:anna',
          promisedReadyAt: after(40 * MINUTE),
          previous: after(16 * MINUTE),
          reason: 'oven down',
        },
      ]);
    }
  });

  it.each(['PLACED', 'READY', 'PICKED_UP', 'CANCELLED', 'REJECTED'] as const)('refuses it while %s', (status) => {
    expect(changePromisedTime({ ...accepted, status }, move(after(40 * MINUTE).toISOString()), after(5 * MINUTE))).toMatchObject({
      ok: false,
      error: { code: 'promise_not_open', status },
    });
  });

  it('refuses a time before the acceptance, and a stale version', () => {
    expect(changePromisedTime(accepted, move(after(30_000).toISOString()), after(5 * MINUTE))).toMatchObject({
      ok: false,
      error: { code: 'invalid_time', field: 'promisedReadyAt' },
    });
    expect(changePromisedTime(accepted, move(acceptedAt.toISOString()), after(5 * MINUTE)).ok).toBe(true);
    expect(
      changePromisedTime(accepted, move(after(40 * MINUTE).toISOString(), { expectedVersion: 9 }), after(5 * MINUTE)),
    ).toMatchObject({ ok: false, error: { code: 'version_mismatch' } });
  });
});
