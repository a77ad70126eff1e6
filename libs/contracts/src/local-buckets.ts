/// <reference lib="esnext.temporal" />
/**
 * Local hours, days, ISO weeks and months of an IANA zone (CONTRACT section 10), as UTC instants
 * in epoch milliseconds. Zone rules come from Temporal, so a DST day has 23 or 25 hours and a
 * zone whose midnight does not exist starts its day at the first instant that does.
 */
import { type AnalyticsGranularity, MAX_DAY_BUCKETS, MAX_HOUR_BUCKETS } from './analytics.js';

const HOUR_MS = 3_600_000;
/** The grain the analytics service keeps: every local boundary of a current zone falls on one. */
export const QUARTER_HOUR_MS = 900_000;

/** Most buckets one request may ask for, per granularity. */
export const MAX_BUCKETS: Readonly<Record<AnalyticsGranularity, number>> = {
  hour: MAX_HOUR_BUCKETS,
  day: MAX_DAY_BUCKETS,
  week: 530,
  month: 120,
};
/** How many buckets, ending with the current one, a request without `from` and `to` covers. */
export const DEFAULT_BUCKETS: Readonly<Record<AnalyticsGranularity, number>> = { hour: 24, day: 30, week: 12, month: 12 };

/** The zone's identifier as Temporal spells it, or null for anything that is not an IANA zone name. */
export function zoneOf(name: string): string | null {
  // Temporal also takes offsets such as "+05:30"; the contract asks for a zone name.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) || name.length > 64) return null;
  try {
    return new Temporal.ZonedDateTime(0n, name).timeZoneId;
  } catch {
    return null;
  }
}

const zoned = (ms: number, tz: string) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz);
const startOfDate = (date: Temporal.PlainDate, tz: string) => date.toZonedDateTime(tz).epochMilliseconds;

/** The start of the local bucket holding the instant `ms`. */
export function bucketStartOf(ms: number, unit: AnalyticsGranularity, tz: string): number {
  const z = zoned(ms, tz);
  switch (unit) {
    case 'hour':
      return z.round({ smallestUnit: 'hour', roundingMode: 'floor' }).epochMilliseconds;
    case 'day':
      return z.startOfDay().epochMilliseconds;
    case 'week':
      return startOfDate(z.toPlainDate().subtract({ days: z.dayOfWeek - 1 }), tz);
    case 'month':
      return startOfDate(z.toPlainDate().with({ day: 1 }), tz);
  }
}

/** The start of the bucket after the one starting at `start` (a bucket start). */
export function nextBucketStart(start: number, unit: AnalyticsGranularity, tz: string): number {
  let next: number;
  if (unit === 'hour') next = bucketStartOf(start + HOUR_MS, 'hour', tz);
  else {
    const date = zoned(start, tz).toPlainDate();
    next = startOfDate(unit === 'month' ? date.add({ months: 1 }) : date.add({ days: unit === 'week' ? 7 : 1 }), tz);
  }
  // A wall clock set back by less than an hour could floor onto the same hour: never stand still.
  return next > start ? next : start + HOUR_MS;
}

export const isBucketStart = (ms: number, unit: AnalyticsGranularity, tz: string): boolean => bucketStartOf(ms, unit, tz) === ms;

/** The local bucket boundaries either side of `ms` (equal neighbours when `ms` is one). */
export function boundariesAround(ms: number, unit: AnalyticsGranularity, tz: string): [number, number] {
  const before = bucketStartOf(ms, unit, tz);
  return [before, before === ms ? ms : nextBucketStart(before, unit, tz)];
}

/**
 * The starts of the buckets of [from, to), both bucket starts, followed by `to`; null when there
 * are more than `max` buckets (counting stops there, so a huge range costs nothing).
 */
export function bucketEdges(from: number, to: number, unit: AnalyticsGranularity, tz: string, max: number): number[] | null {
  if (tz === 'UTC' && (unit === 'hour' || unit === 'day')) {
    // UTC has no rules to look up: fixed-size buckets, at no cost per bucket.
    const size = unit === 'hour' ? HOUR_MS : 24 * HOUR_MS;
    const count = Math.ceil((to - from) / size);
    return count > max ? null : Array.from({ length: count + 1 }, (_, i) => Math.min(from + i * size, to));
  }
  const edges = [from];
  for (let t = from; t < to;) {
    if (edges.length > max) return null;
    t = nextBucketStart(t, unit, tz);
    edges.push(Math.min(t, to));
  }
  return edges;
}

/** The last `count` buckets up to the end of the one holding `now`. */
export function defaultRange(now: number, unit: AnalyticsGranularity, tz: string, count = DEFAULT_BUCKETS[unit]) {
  let from = bucketStartOf(now, unit, tz);
  const to = nextBucketStart(from, unit, tz);
  for (let i = 1; i < count; i++) from = bucketStartOf(from - 1, unit, tz);
  return { from, to };
}

/** The instant in ISO 8601 with the zone's offset at that instant: `2026-03-29T00:00:00.000+02:00`. */
export const localIso = (ms: number, tz: string): string =>
  tz === 'UTC'
    ? new Date(ms).toISOString().replace('Z', '+00:00')
    : zoned(ms, tz).toString({ fractionalSecondDigits: 3, timeZoneName: 'never' });
