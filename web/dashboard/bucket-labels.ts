/// <reference lib="esnext.temporal" />
import type { AnalyticsGranularity } from '../../libs/contracts/src/analytics.js';

// Spelled out here rather than by Intl, whose locale data differs between browsers ("Sep", "Sept").
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mar 2026" for a local date `2026-03-01`. */
export const monthName = (date: string) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

/**
 * A bucket's name as the analyst's clock shows it, from the API's `localStart` (which carries the
 * zone's offset): "03-29 04:00" for an hour, "2026-03-29" for a day, "2026-03-23 (W13)" for the ISO
 * week starting that Monday, "Mar 2026" for a month.
 */
function label(localStart: string, granularity: AnalyticsGranularity): string {
  const date = localStart.slice(0, 10);
  switch (granularity) {
    case 'hour':
      return `${localStart.slice(5, 10)} ${localStart.slice(11, 16)}`;
    case 'day':
      return date;
    case 'week':
      return `${date} (W${Temporal.PlainDate.from(date).weekOfYear})`;
    case 'month':
      return monthName(date);
  }
}

/**
 * The labels of a run of buckets, in order. The hour a clock repeats when it goes back (a 25-hour
 * day) would read the same twice: such labels carry the offset too, "10-25 03:00 +03:00" then
 * "10-25 03:00 +02:00".
 */
export function bucketLabels(localStarts: string[], granularity: AnalyticsGranularity): string[] {
  const labels = localStarts.map((s) => label(s, granularity));
  const seen = new Map<string, number>();
  for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
  return labels.map((l, i) => ((seen.get(l) ?? 0) > 1 ? `${l} ${localStarts[i]?.slice(23)}` : l));
}
