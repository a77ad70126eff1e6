import {
  type AnalyticsGranularity,
  type ThroughputQuery,
  type ThroughputQueryDto,
  boundariesAround,
  bucketEdges,
  DEFAULT_ANALYTICS_ZONE,
  defaultRange,
  isBucketStart,
  localIso,
  MAX_BUCKETS,
  QUARTER_HOUR_MS,
  zoneOf,
} from '#contracts';
import { ProblemException } from '#http';
import { assertBrandInScope, scopeOf } from '../auth/brand-scope.js';
import type { AuthenticatedCaller } from '../auth/caller.js';
import { instant } from '../orders/request-input.js';

/** A range the analytics service can answer: UTC instants on local bucket boundaries of `tz`. */
export interface LocalRange {
  from: string;
  to: string;
  tz: string;
}

const DAY_MS = 86_400_000;
const refuse = (field: string, message: string) => ProblemException.validation([{ field, message }]);

/**
 * `from`, `to` and `tz` as the query gives them (CONTRACT section 10), checked: a known IANA zone
 * (UTC without one), both ends or neither (neither: the last few buckets up to the end of the
 * current one), ends on local boundaries of `unit` (the refusal names the nearest ones), from
 * before to, and at most `MAX_BUCKETS[unit]` buckets (or, given `maxDays`, a span of at most that
 * many days, for a figure that is one total). Every refusal is a 400 naming the field.
 */
export function localRange(
  q: { from?: string; to?: string; tz?: string },
  unit: AnalyticsGranularity,
  { now = Date.now(), maxDays }: { now?: number; maxDays?: number } = {},
): LocalRange {
  const tz = zoneOf(q.tz ?? DEFAULT_ANALYTICS_ZONE);
  if (!tz) throw refuse('tz', 'tz must be an IANA time zone name such as Europe/Helsinki or UTC');
  if (q.from === undefined && q.to === undefined) {
    const range = defaultRange(now, unit, tz);
    return { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString(), tz };
  }
  if (q.from === undefined || q.to === undefined) {
    throw refuse(q.from === undefined ? 'from' : 'to', 'from and to go together: give both, or neither for the latest buckets');
  }
  const from = instant('from', q.from);
  const to = instant('to', q.to);
  const [f, t] = [Date.parse(from), Date.parse(to)];
  for (const [field, ms] of [
    ['from', f],
    ['to', t],
  ] as const) {
    if (!isBucketStart(ms, unit, tz)) {
      const [before, after] = boundariesAround(ms, unit, tz).map((b) => localIso(b, tz));
      throw refuse(field, `${field} must start a local ${unit} of ${tz}; the nearest are ${before} and ${after}`);
    }
    if (ms % QUARTER_HOUR_MS !== 0) {
      // Only zones' historical local mean times do this; figures are kept by UTC quarter hour.
      throw refuse(
        field,
        `${field} falls where ${tz} was not a whole quarter hour from UTC; no figures are kept for such bounds`,
      );
    }
  }
  if (f >= t) throw refuse('to', 'to must be after from');
  if (maxDays !== undefined) {
    if (t - f > maxDays * DAY_MS) throw refuse('to', `the range may span at most ${maxDays} days`);
  } else if (!bucketEdges(f, t, unit, tz, MAX_BUCKETS[unit])) {
    throw refuse('to', `at most ${MAX_BUCKETS[unit]} ${unit} buckets per request`);
  }
  return { from, to, tz };
}

/** What a figure per local bucket (throughput, punctuality) asks of analytics: the range checked, the caller's scope. */
export function bucketedQuery(query: ThroughputQueryDto, caller: AuthenticatedCaller): ThroughputQuery {
  assertBrandInScope(caller, query.brandId);
  const granularity = query.granularity ?? 'hour';
  return {
    ...localRange(query, granularity),
    granularity,
    ...(query.brandId === undefined ? {} : { brandId: query.brandId }),
    ...scopeOf(caller),
  };
}
