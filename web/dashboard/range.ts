import { type AnalyticsGranularity, MAX_DAY_BUCKETS, MAX_HOUR_BUCKETS } from '../../libs/contracts/src/analytics.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A window the API can answer: both ends on UTC bucket boundaries, `to` exclusive. */
export interface Range {
  from: number;
  to: number;
  granularity: AnalyticsGranularity;
}

export const PRESETS = {
  '24h': { label: 'Last 24 hours', granularity: 'hour', buckets: 24 },
  '48h': { label: 'Last 48 hours', granularity: 'hour', buckets: 48 },
  '7d': { label: 'Last 7 days', granularity: 'day', buckets: 7 },
  '30d': { label: 'Last 30 days', granularity: 'day', buckets: 30 },
} as const;
export type PresetId = keyof typeof PRESETS;

/** What the analyst picked: a window that slides with the clock, or fixed ends. */
export type RangeChoice = { preset: PresetId } | { preset: null; range: Range };

const sizeOf = (granularity: AnalyticsGranularity) => (granularity === 'day' ? DAY_MS : HOUR_MS);
export const maxBuckets = (granularity: AnalyticsGranularity) => (granularity === 'day' ? MAX_DAY_BUCKETS : MAX_HOUR_BUCKETS);

/** A preset's window ending with the bucket that holds `now`, so the current hour or day is shown as it fills. */
export function presetRange(id: PresetId, now: number): Range {
  const { granularity, buckets } = PRESETS[id];
  const size = sizeOf(granularity);
  const to = Math.floor(now / size) * size + size;
  return { from: to - buckets * size, to, granularity };
}

export const resolveRange = (choice: RangeChoice, now: number): Range =>
  choice.preset ? presetRange(choice.preset, now) : choice.range;

/**
 * The form's from/to fields as the API wants them. Hour fields are `datetime-local` values read as
 * UTC; day fields are dates, and the "through" day is included. Returns the refusal to show otherwise.
 */
export function rangeFromFields(
  fromField: string,
  toField: string,
  granularity: AnalyticsGranularity,
): { range: Range } | { field: 'from' | 'to'; message: string } {
  const from = parseUtc(fromField);
  const to = parseUtc(toField);
  if (from === null) return { field: 'from', message: 'Enter a start.' };
  if (to === null) return { field: 'to', message: 'Enter an end.' };
  const size = sizeOf(granularity);
  const range = {
    from: Math.floor(from / size) * size,
    to: granularity === 'day' ? Math.floor(to / size) * size + size : Math.ceil(to / size) * size,
    granularity,
  };
  if (range.to <= range.from) return { field: 'to', message: 'The end must come after the start.' };
  const buckets = (range.to - range.from) / size;
  if (buckets > maxBuckets(granularity)) {
    return {
      field: 'to',
      message: `At most ${maxBuckets(granularity)} ${granularity}s per view; this range has ${buckets}. Pick a shorter range or days.`,
    };
  }
  return { range };
}

function parseUtc(field: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/.test(field)) return null;
  const ms = Date.parse(field.length === 10 ? `${field}T00:00:00Z` : `${field}:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** The form's field values showing `range`: the inverse of rangeFromFields. */
export function fieldsOf(range: Range): { from: string; to: string } {
  if (range.granularity === 'day') {
    return { from: isoDate(range.from), to: isoDate(range.to - DAY_MS) };
  }
  return { from: isoMinute(range.from), to: isoMinute(range.to) };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoMinute = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** Rewrites a field's value when the granularity switches between hour (datetime) and day (date) fields. */
export function convertField(value: string, granularity: AnalyticsGranularity): string {
  const ms = parseUtc(value);
  if (ms === null) return '';
  return granularity === 'day' ? isoDate(ms) : isoMinute(ms);
}
