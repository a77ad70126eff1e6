import { MAX_PICKUP_AHEAD_MS, pickupTimeProblem } from './pickup-time.js';

const received = new Date('2026-12-03T09:00:00.000Z');
const at = (ms: number) => new Date(received.getTime() + ms);

describe('pickupTimeProblem', () => {
  it.each([
    ['now', 0],
    ['59 seconds ago (a clock behind ours)', -59_000],
    ['exactly 1 minute ago', -60_000],
    ['in 2 hours', 7_200_000],
    ['exactly 7 days ahead', MAX_PICKUP_AHEAD_MS],
  ])('takes a pickupTime %s', (_, offset) => {
    expect(pickupTimeProblem(at(offset), received)).toBeNull();
  });

  it('refuses one more than 7 days ahead', () => {
    expect(pickupTimeProblem(at(MAX_PICKUP_AHEAD_MS + 1), received)).toMatch(/7 days/);
    expect(pickupTimeProblem(at(8 * 86_400_000), received)).toMatch(/7 days/);
  });

  it('refuses one more than 1 minute in the past', () => {
    expect(pickupTimeProblem(at(-60_001), received)).toMatch(/past/);
    expect(pickupTimeProblem(new Date('2021-07-22T20:28:02Z'), received)).toMatch(/past/);
  });
});
