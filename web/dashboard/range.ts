/// <reference lib="esnext.temporal" />
import { type AnalyticsGranularity, MAX_DAY_BUCKETS } from '../../libs/contracts/src/analytics.js';
import {
  bucketEdges,
  bucketStartOf,
  DEFAULT_BUCKETS,
  defaultRange,
  MAX_BUCKETS,
  nextBucketStart,
} from '../../libs/contracts/src/local-buckets.js';

const DAY_MS = 86_400_000;

/** A window the API can answer: both ends on local bucket boundaries of `tz`, `to` exclusive. */
export interface Range {
  from: number;
  to: number;
  granularity: AnalyticsGranularity;
  tz: string;
}

/**
 * What the analyst picked: the API's latest buckets (no `from`/`to`: they slide with the clock), or
 * fixed ends; either way in a granularity and zone.
 */
export interface RangeChoice {
  granularity: AnalyticsGranularity;
  tz: string;
  fixed: { from: number; to: number } | null;
}

export const latestLabel = (granularity: AnalyticsGranularity) => `Last ${DEFAULT_BUCKETS[granularity]} ${granularity}s`;

/** The window the API answers without `from` and `to` at `now` (the same rules: local-buckets.ts). */
export function latestRange(granularity: AnalyticsGranularity, tz: string, now: number): Range {
  return { ...defaultRange(now, granularity, tz), granularity, tz };
}

/** The window a list of buckets covers: from the first start to the end of the last bucket. */
export function rangeOfBuckets(starts: string[], granularity: AnalyticsGranularity, tz: string): Range | null {
  const first = starts[0];
  const last = starts.at(-1);
  if (first === undefined || last === undefined) return null;
  return { from: Date.parse(first), to: nextBucketStart(Date.parse(last), granularity, tz), granularity, tz };
}

/** Hour fields are local date-times; day, week and month fields are local dates, the last one included. */
export const usesDates = (granularity: AnalyticsGranularity) => granularity !== 'hour';

/**
 * The form's from/to fields as the API wants them: read as wall-clock times of `tz`, widened to
 * whole local buckets (a week from its Monday, a month from its 1st, through the end of the bucket
 * holding the last day), so any pick is answered rather than refused. Returns the refusal to show
 * when the fields cannot be read or the range is more than the API answers.
 */
export function rangeFromFields(
  fromField: string,
  toField: string,
  granularity: AnalyticsGranularity,
  tz: string,
): { range: Range } | { field: 'from' | 'to'; message: string } {
  const from = parseLocal(fromField, tz);
  const to = parseLocal(toField, tz);
  if (from === null) return { field: 'from', message: 'Enter a start.' };
  if (to === null) return { field: 'to', message: 'Enter an end.' };
  const start = bucketStartOf(from, granularity, tz);
  const through = bucketStartOf(to, granularity, tz);
  // An hour field's end is exclusive unless it falls inside an hour; a date field's day is included.
  const end = usesDates(granularity) || through !== to ? nextBucketStart(through, granularity, tz) : through;
  if (end <= start) return { field: 'to', message: 'The end must come after the start.' };
  const max = MAX_BUCKETS[granularity];
  if (!bucketEdges(start, end, granularity, tz, max)) {
    return { field: 'to', message: `At most ${max} ${granularity}s per view. Pick a shorter range or a longer bucket.` };
  }
  // The status durations are one total over the range, which the API takes up to this many days.
  if (end - start > MAX_DAY_BUCKETS * DAY_MS) return { field: 'to', message: `At most ${MAX_DAY_BUCKETS} days per view.` };
  return { range: { from: start, to: end, granularity, tz } };
}

/** A `datetime-local` or `date` value as the instant it names in `tz` (a skipped wall time moves forward). */
function parseLocal(field: string, tz: string): number | null {
  return plain(field)?.toZonedDateTime(tz).epochMilliseconds ?? null;
}

const wallClock = (ms: number, tz: string) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(tz).toPlainDateTime();

/** The form's field values showing `range` in its zone: the inverse of rangeFromFields. */
export function fieldsOf(range: Range): { from: string; to: string } {
  const { from, to, granularity, tz } = range;
  if (usesDates(granularity)) {
    return {
      from: wallClock(from, tz).toPlainDate().toString(),
      to: wallClock(to, tz).toPlainDate().subtract({ days: 1 }).toString(),
    };
  }
  return { from: minute(wallClock(from, tz)), to: minute(wallClock(to, tz)) };
}

const minute = (t: Temporal.PlainDateTime) => t.toString({ smallestUnit: 'minute' });

/**
 * Rewrites the fields when the granularity switches between date-time (hour) and date fields,
 * keeping the same days: an exclusive end time becomes the day it ends in, an included last day the
 * midnight after it. An unreadable field becomes empty.
 */
export function convertFields(
  fields: { from: string; to: string },
  granularity: AnalyticsGranularity,
): { from: string; to: string } {
  const from = plain(fields.from);
  const to = plain(fields.to);
  const wasDates = fields.to.length === 10;
  if (usesDates(granularity)) {
    return {
      from: from?.toPlainDate().toString() ?? '',
      to: (wasDates ? to : to?.subtract({ minutes: 1 }))?.toPlainDate().toString() ?? '',
    };
  }
  return {
    from: from ? minute(from) : '',
    to: to ? minute(wasDates ? to.add({ days: 1 }) : to) : '',
  };
}

function plain(field: string): Temporal.PlainDateTime | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(field)) return null;
  try {
    return Temporal.PlainDateTime.from(field);
  } catch {
    return null;
  }
}
