import { acceptanceDeadline, scheduleOf } from './schedule.js';

const received = new Date('2026-12-03T09:00:00.000Z');
const at = (minutes: number) => new Date(received.getTime() + minutes * 60_000);
const policy = { scheduleThresholdMs: 3_600_000, prepEstimateMinutes: 20 };

describe('scheduleOf', () => {
  it('releases an order without a pickupTime, or one within the threshold, when received', () => {
    expect(scheduleOf(null, received, policy)).toEqual({ scheduled: false, releaseAt: received });
    expect(scheduleOf(at(30), received, policy)).toEqual({ scheduled: false, releaseAt: received });
    expect(scheduleOf(at(60), received, policy)).toEqual({ scheduled: false, releaseAt: received });
  });

  it('schedules an order for beyond the threshold, released its prep estimate before pickupTime', () => {
    expect(scheduleOf(at(120), received, policy)).toEqual({ scheduled: true, releaseAt: at(100) });
    expect(scheduleOf(at(14 * 60), received, policy)).toEqual({ scheduled: true, releaseAt: at(14 * 60 - 20) });
  });

  it('never releases before receipt, however long the estimate', () => {
    expect(scheduleOf(at(61), received, { ...policy, prepEstimateMinutes: 240 })).toEqual({
      scheduled: true,
      releaseAt: received,
    });
  });
});

describe('acceptanceDeadline', () => {
  it('counts the acceptance timeout from the release', () => {
    expect(acceptanceDeadline(at(100), 300_000)).toEqual(at(105));
  });
});
