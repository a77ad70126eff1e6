import { QUARTER_HOUR_MS } from '#contracts/rules';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The grains the summary tables keep: UTC quarter hours, hours and days. */
export type Grain = 'q' | 'h' | 'd';

/** Rows of one grain whose bucket starts in [from, to), added (sign 1) or taken away (sign -1). */
export interface Run {
  grain: Grain;
  from: number;
  to: number;
  sign: 1 | -1;
}

/**
 * [from, to) as runs of stored rows whose signed sum is exactly its figures (every column summed is
 * additive): whole UTC days as daily rows; a part of a UTC day as its quarter hours up to the first
 * whole hour, its hours, then quarter hours, or, where that reads fewer rows, as the whole day less
 * the quarter hours and hours around the part. A local day of Europe/Helsinki reads 5 rows per brand
 * (2 hours, the UTC day, 2 hours taken away) instead of 24; a UTC day one. Both ends must fall on
 * quarter hours, as every local boundary of a zone in use since 1980 does.
 */
export function runsOf(from: number, to: number): Run[] {
  if (from % QUARTER_HOUR_MS !== 0 || to % QUARTER_HOUR_MS !== 0) {
    throw new RangeError(`[${from}, ${to}) does not start and end on UTC quarter hours`);
  }
  const runs: Run[] = [];
  const dFrom = Math.ceil(from / DAY) * DAY;
  const dTo = Math.floor(to / DAY) * DAY;
  if (dFrom > dTo) return partOfDay(from, to);
  runs.push(...(from < dFrom ? partOfDay(from, dFrom) : []));
  if (dFrom < dTo) runs.push({ grain: 'd', from: dFrom, to: dTo, sign: 1 });
  runs.push(...(dTo < to ? partOfDay(dTo, to) : []));
  return runs;
}

/** A part [a, b) of one UTC day: read directly, or as the day less what lies around it, whichever reads fewer rows. */
function partOfDay(a: number, b: number): Run[] {
  const direct = small(a, b, 1);
  const day = Math.floor(a / DAY) * DAY;
  const around = [...small(day, a, -1), ...small(b, day + DAY, -1)];
  return rowsRead(direct) <= 1 + rowsRead(around) ? direct : [{ grain: 'd', from: day, to: day + DAY, sign: 1 }, ...around];
}

/** Quarter hours up to the first whole hour, hours, then quarter hours. */
function small(a: number, b: number, sign: 1 | -1): Run[] {
  const runs: Run[] = [];
  const push = (grain: Grain, x: number, y: number) => {
    if (x < y) runs.push({ grain, from: x, to: y, sign });
  };
  const hFrom = Math.ceil(a / HOUR) * HOUR;
  const hTo = Math.floor(b / HOUR) * HOUR;
  if (hFrom >= hTo) push('q', a, b);
  else {
    push('q', a, hFrom);
    push('h', hFrom, hTo);
    push('q', hTo, b);
  }
  return runs;
}

/** Stored rows the runs read per brand, and a row's worth for each run's own index descent. */
const rowsRead = (runs: Run[]): number => runs.reduce((n, r) => n + (r.to - r.from) / SIZE[r.grain] + 1, 0);

const SIZE: Record<Grain, number> = { q: QUARTER_HOUR_MS, h: HOUR, d: DAY };

/**
 * The grain whose stored rows are the buckets themselves (each bucket one row of it: UTC hours
 * and days, and local hours of a zone a whole number of hours from UTC), or null. Such answers
 * read as one range of that grain rather than a run per bucket.
 */
export function grainOfEveryBucket(runs: (Run & { bucket: number })[], buckets: number): Grain | null {
  if (runs.length !== buckets || runs.length === 0) return null;
  const grain = runs[0].grain;
  return runs.every((r) => r.grain === grain && r.sign === 1 && r.to - r.from === SIZE[grain]) ? grain : null;
}

/** The runs of every bucket of `edges` (bucket starts followed by the end), tagged with the bucket's index. */
export function runsOfBuckets(edges: number[]): (Run & { bucket: number })[] {
  return edges.slice(0, -1).flatMap((start, bucket) => runsOf(start, edges[bucket + 1]).map((r) => ({ ...r, bucket })));
}
