import type { Run } from '../domain/utc-runs.js';

/** Runs as the four parallel arrays a query unnests: grain, first bucket, end, and the answer's bucket index. */
export function runsParams(runs: (Run & { bucket?: number })[]): [string[], string[], string[], number[]] {
  return [
    runs.map((r) => r.grain),
    runs.map((r) => new Date(r.from).toISOString()),
    runs.map((r) => new Date(r.to).toISOString()),
    runs.map((r) => r.bucket ?? 0),
  ];
}
