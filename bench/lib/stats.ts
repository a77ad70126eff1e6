/** Nearest-rank percentiles of raw samples; null when there are none. */
export function percentiles(samples: ArrayLike<number>, qs: number[]): (number | null)[] {
  if (samples.length === 0) return qs.map(() => null);
  const sorted = Float64Array.from(samples).sort();
  return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);
}

export const round = (n: number | null, digits = 0): number | null =>
  n === null || !Number.isFinite(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
