import { ProblemException } from '#http';
import { instant } from '../orders/request-input.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * `from` and `to` as the wire writes them, checked: readable, from before to, and optionally
 * aligned to whole buckets and at most `maxBuckets` of them. Every refusal is a 400 naming the field.
 */
export function checkedRange(
  q: { from: string; to: string },
  buckets?: { unit: 'hour' | 'day'; max: number },
): { from: string; to: string } {
  const from = instant('from', q.from);
  const to = instant('to', q.to);
  const [f, t] = [Date.parse(from), Date.parse(to)];
  if (f >= t) throw ProblemException.validation([{ field: 'to', message: 'to must be after from' }]);
  if (!buckets) return { from, to };
  const size = buckets.unit === 'day' ? DAY_MS : HOUR_MS;
  for (const [field, ms] of [
    ['from', f],
    ['to', t],
  ] as const) {
    if (ms % size !== 0) {
      throw ProblemException.validation([
        { field, message: `${field} must be the start of a UTC ${buckets.unit} for granularity ${buckets.unit}` },
      ]);
    }
  }
  if ((t - f) / size > buckets.max) {
    throw ProblemException.validation([
      { field: 'to', message: `at most ${buckets.max} ${buckets.unit} buckets per request; this range has ${(t - f) / size}` },
    ]);
  }
  return { from, to };
}
