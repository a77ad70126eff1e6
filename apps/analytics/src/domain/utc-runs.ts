import { QUARTER_HOUR_MS } from '#contracts/rules';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The grains the summary tables keep: UTC quarter hours, hours and days. */
export type Grain = 'q' | 'h' | 'd';

/** Rows of one grain whose bucket starts in [from, to). */
export interface Run {
  grain: Grain;
  from: number;
  to: number;
}

/**
 * [from, to) as at most five runs of stored rows, coarsest in the middle: quarter hours up to the
 * first whole UTC hour, hours up to the first whole UTC day, days, then hours and quarter hours.
 * A local day of Asia/Kolkata reads 27 rows per brand, a UTC day one. Both ends must fall on
 * quarter hours, as every local boundary of a zone in use since 1980 does.
 */
export function runsOf(from: number, to: number): Run[] {
  if (from % QUARTER_HOUR_MS !== 0 || to % QUARTER_HOUR_MS !== 0) {
    throw new RangeError(`[${from}, ${to}) does not start and end on UTC quarter hours`);
  }
  const runs: Run[] = [];
  const push = (grain: Grain, a: number, b: number) => {
    if (a < b) runs.push({ grain, from: a, to: b });
  };
  const small = (a: number, b: number) => {
    const hFrom = Math.ceil(a / HOUR) * HOUR;
    const hTo = Math.floor(b / HOUR) * HOUR;
    if (hFrom >= hTo) return push('q', a, b);
    push('q', a, hFrom);
    push('h', hFrom, hTo);
    push('q', hTo, b);
  };
  const dFrom = Math.ceil(from / DAY) * DAY;
  const dTo = Math.floor(to / DAY) * DAY;
  if (dFrom >= dTo) small(from, to);
  else {
    small(from, dFrom);
    push('d', dFrom, dTo);
    small(dTo, to);
  }
  return runs;
}

const SIZE: Record<Grain, number> = { q: QUARTER_HOUR_MS, h: HOUR, d: DAY };

/**
 * The grain whose stored rows are the buckets themselves (each bucket one row of it: UTC hours
 * and days, and local hours of a zone a whole number of hours from UTC), or null. Such answers
 * read as one range of that grain rather than a run per bucket.
 */
export function grainOfEveryBucket(runs: (Run & { bucket: number })[], buckets: number): Grain | null {
  if (runs.length !== buckets || runs.length === 0) return null;
  const grain = runs[0].grain;
  return runs.every((r) => r.grain === grain && r.to - r.from === SIZE[grain]) ? grain : null;
}

/** The runs of every bucket of `edges` (bucket starts followed by the end), tagged with the bucket's index. */
export function runsOfBuckets(edges: number[]): (Run & { bucket: number })[] {
  return edges.slice(0, -1).flatMap((start, bucket) => runsOf(start, edges[bucket + 1]).map((r) => ({ ...r, bucket })));
}
