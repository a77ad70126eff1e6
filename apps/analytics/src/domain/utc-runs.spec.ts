import fc from 'fast-check';
import { grainOfEveryBucket, runsOf, runsOfBuckets } from './utc-runs.js';

const Q = 900_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('runsOf', () => {
  it('a UTC day is one daily row, a UTC hour one hourly row', () => {
    expect(runsOf(at('2026-03-29T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toEqual([
      { grain: 'd', from: at('2026-03-29T00:00:00Z'), to: at('2026-03-30T00:00:00Z') },
    ]);
    expect(runsOf(at('2026-03-29T05:00:00Z'), at('2026-03-29T06:00:00Z'))).toEqual([
      { grain: 'h', from: at('2026-03-29T05:00:00Z'), to: at('2026-03-29T06:00:00Z') },
    ]);
  });

  it('an Asia/Kolkata day: quarter hours, hours across UTC midnight, quarter hours', () => {
    expect(runsOf(at('2026-03-28T18:30:00Z'), at('2026-03-29T18:30:00Z'))).toEqual([
      { grain: 'q', from: at('2026-03-28T18:30:00Z'), to: at('2026-03-28T19:00:00Z') },
      { grain: 'h', from: at('2026-03-28T19:00:00Z'), to: at('2026-03-29T18:00:00Z') },
      { grain: 'q', from: at('2026-03-29T18:00:00Z'), to: at('2026-03-29T18:30:00Z') },
    ]);
  });

  it('a local month: days in the middle, hours and quarter hours at the ends', () => {
    const runs = runsOf(at('2026-02-28T18:15:00Z'), at('2026-03-31T18:15:00Z'));
    expect(runs.map((r) => r.grain)).toEqual(['q', 'h', 'd', 'h', 'q']);
  });

  it('knows when every bucket is one stored row', () => {
    const hours = [0, 1, 2, 3].map((i) => at('2026-03-29T00:00:00Z') + i * HOUR);
    expect(grainOfEveryBucket(runsOfBuckets(hours), 3)).toBe('h');
    const days = [0, 1, 2].map((i) => at('2026-03-29T00:00:00Z') + i * DAY);
    expect(grainOfEveryBucket(runsOfBuckets(days), 2)).toBe('d');
    const kolkata = [0, 1, 2].map((i) => at('2026-03-28T18:30:00Z') + i * DAY);
    expect(grainOfEveryBucket(runsOfBuckets(kolkata), 2)).toBeNull();
    const twoHours = [0, 2].map((i) => at('2026-03-29T00:00:00Z') + i * HOUR);
    expect(grainOfEveryBucket(runsOfBuckets(twoHours), 1)).toBeNull();
  });

  it('refuses ends off the quarter hour', () => {
    expect(() => runsOf(at('2026-03-29T00:10:00Z'), at('2026-03-30T00:00:00Z'))).toThrow(RangeError);
  });

  it('covers [from, to) exactly once, with rows aligned to their grain', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: 1, max: 20_000 }), (a, n) => {
        const from = a * Q;
        const to = from + n * Q;
        const runs = runsOf(from, to);
        expect(runs.length).toBeLessThanOrEqual(5);
        let t = from;
        for (const r of runs) {
          const size = { q: Q, h: HOUR, d: DAY }[r.grain];
          expect(r.from).toBe(t);
          expect(r.from % size).toBe(0);
          expect(r.to % size).toBe(0);
          expect(r.to).toBeGreaterThan(r.from);
          t = r.to;
        }
        expect(t).toBe(to);
      }),
    );
  });
});
