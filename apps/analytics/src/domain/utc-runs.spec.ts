import fc from 'fast-check';
import { grainOfEveryBucket, runsOf, runsOfBuckets } from './utc-runs.js';

const Q = 900_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('runsOf', () => {
  it('a UTC day is one daily row, a UTC hour one hourly row', () => {
    expect(runsOf(at('2026-03-29T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toEqual([
      { grain: 'd', from: at('2026-03-29T00:00:00Z'), to: at('2026-03-30T00:00:00Z'), sign: 1 },
    ]);
    expect(runsOf(at('2026-03-29T05:00:00Z'), at('2026-03-29T06:00:00Z'))).toEqual([
      { grain: 'h', from: at('2026-03-29T05:00:00Z'), to: at('2026-03-29T06:00:00Z'), sign: 1 },
    ]);
  });

  it('a Europe/Helsinki day: two hours before UTC midnight, then the UTC day less its last two hours', () => {
    expect(runsOf(at('2026-03-27T22:00:00Z'), at('2026-03-28T22:00:00Z'))).toEqual([
      { grain: 'h', from: at('2026-03-27T22:00:00Z'), to: at('2026-03-28T00:00:00Z'), sign: 1 },
      { grain: 'd', from: at('2026-03-28T00:00:00Z'), to: at('2026-03-29T00:00:00Z'), sign: 1 },
      { grain: 'h', from: at('2026-03-28T22:00:00Z'), to: at('2026-03-29T00:00:00Z'), sign: -1 },
    ]);
  });

  it('an Asia/Kolkata day: quarter hours and hours to UTC midnight, then the UTC day less its last five and a half hours', () => {
    expect(runsOf(at('2026-03-28T18:30:00Z'), at('2026-03-29T18:30:00Z'))).toEqual([
      { grain: 'q', from: at('2026-03-28T18:30:00Z'), to: at('2026-03-28T19:00:00Z'), sign: 1 },
      { grain: 'h', from: at('2026-03-28T19:00:00Z'), to: at('2026-03-29T00:00:00Z'), sign: 1 },
      { grain: 'd', from: at('2026-03-29T00:00:00Z'), to: at('2026-03-30T00:00:00Z'), sign: 1 },
      { grain: 'q', from: at('2026-03-29T18:30:00Z'), to: at('2026-03-29T19:00:00Z'), sign: -1 },
      { grain: 'h', from: at('2026-03-29T19:00:00Z'), to: at('2026-03-30T00:00:00Z'), sign: -1 },
    ]);
  });

  it('a few hours inside a UTC day are read directly, never as the day less the rest', () => {
    expect(runsOf(at('2026-03-29T05:00:00Z'), at('2026-03-29T09:45:00Z')).map((r) => [r.grain, r.sign])).toEqual([
      ['h', 1],
      ['q', 1],
    ]);
  });

  it('a local month: days in the middle, hours and quarter hours at the ends', () => {
    const runs = runsOf(at('2026-02-28T18:15:00Z'), at('2026-03-31T18:15:00Z'));
    expect(runs.map((r) => r.grain)).toEqual(['q', 'h', 'd', 'd', 'q', 'h']);
    expect(runs.map((r) => r.sign)).toEqual([1, 1, 1, 1, -1, -1]);
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

  it('covers [from, to) exactly once, counting each run with its sign, with rows aligned to their grain', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000 }), fc.integer({ min: 1, max: 20_000 }), (a, n) => {
        const from = a * Q;
        const to = from + n * Q;
        const runs = runsOf(from, to);
        expect(runs.length).toBeLessThanOrEqual(8);
        for (const r of runs) {
          const size = { q: Q, h: HOUR, d: DAY }[r.grain];
          expect(r.from % size).toBe(0);
          expect(r.to % size).toBe(0);
          expect(r.to).toBeGreaterThan(r.from);
        }
        // Each quarter hour of the runs' span is counted once inside [from, to) and not at all outside.
        const edges = [...new Set([from, to, ...runs.flatMap((r) => [r.from, r.to])])].sort((x, y) => x - y);
        for (let i = 0; i + 1 < edges.length; i++) {
          const t = edges[i];
          const count = runs.filter((r) => r.from <= t && t < r.to).reduce((c, r) => c + r.sign, 0);
          expect(count).toBe(t >= from && t < to ? 1 : 0);
        }
        // A ragged end reads the cheaper of its part and the rest of its day: at most half a day's tiling, about 15 rows.
        const rows = runs.reduce((c, r) => c + (r.to - r.from) / { q: Q, h: HOUR, d: DAY }[r.grain], 0);
        expect(rows).toBeLessThanOrEqual(Math.floor((to - from) / DAY) + 2 + 2 * 16);
      }),
    );
  });
});
