import { Worker } from 'node:worker_threads';
import type { FloodCounts, FloodOrder } from './flood-worker.js';
import type { Stack } from './stack.js';
import { percentiles, sleep } from './stats.js';

/** The channel keys' limit in a stack the benchmark starts (RATE_LIMITS); the other phases use an unlimited key. */
export const FAIRNESS_LIMIT = { perSecond: 50, burst: 100 };
/** The quiet channel's pace: well inside its limit. */
const QUIET_PER_SECOND = 20;

export interface FairnessResult {
  /** The quiet key alone, then beside the flood: creates answered and their p99, and answers that were not 2xx. */
  quietAlone: { p99: number | null; failed: number; answered: number };
  /** Beside the other key creating at its limit, refused nothing: the load the flood is allowed to add. */
  quietBesideLimit: { p99: number | null; failed: number; answered: number };
  quietBesideFlood: { p99: number | null; failed: number; answered: number };
  /** What the flooding key sent, had accepted (2xx) and was refused with 429, a second. */
  flood: { offeredPerSecond: number; acceptedPerSecond: number; refusedPerSecond: number };
}

/** Creates at `perSecond`, evenly spaced whatever the answers take, for `seconds`. */
async function paced(stack: Stack, key: string, nextBody: () => string, perSecond: number, seconds: number) {
  const latencies: number[] = [];
  let failed = 0;
  const sent: Promise<void>[] = [];
  const started = performance.now();
  for (let n = 0; n < perSecond * seconds; n++) {
    const due = started + (n * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const t = performance.now();
    sent.push(
      fetch(`${stack.baseUrl}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: nextBody(),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          if (res.ok) latencies.push(performance.now() - t);
          else failed++;
        })
        .catch(() => void failed++),
    );
  }
  await Promise.all(sent);
  const [p99] = percentiles(latencies, [0.99]);
  return { p99, failed, answered: latencies.length };
}

/**
 * One channel key floods at ten times its limit while another creates at a steady 20 a second:
 * the quiet key's p99 beside the flood, against the same pace alone, shows whether one caller's
 * flood costs the others. The flood's excess is refused (429) before its body is read. Between the
 * two, the quiet key beside the other creating at exactly its limit separates what the flood's
 * accepted share costs (real orders, as any neighbour may send) from what its refused excess costs.
 */
export async function measureFairness(
  stack: Stack,
  nextBody: () => string,
  run: string,
  seconds: number,
): Promise<FairnessResult> {
  const { flood: floodKey, quiet: quietKey } = stack.keys;
  if (!floodKey || !quietKey)
    throw new Error('the fairness phase needs a stack started by the benchmark (its rate-limited keys)');
  // Bodies are made before each phase, in every phase alike, so that making them is not measured.
  const made = (perSecond: number) => {
    const bodies = Array.from({ length: perSecond * seconds }, nextBody);
    return () => bodies.shift() ?? nextBody();
  };
  const quietAlone = await paced(stack, quietKey, made(QUIET_PER_SECOND), QUIET_PER_SECOND, seconds);
  const [quietBesideLimit] = await Promise.all([
    paced(stack, quietKey, made(QUIET_PER_SECOND), QUIET_PER_SECOND, seconds),
    paced(stack, floodKey, made(FAIRNESS_LIMIT.perSecond), FAIRNESS_LIMIT.perSecond, seconds),
  ]);
  // The flooding key starts with a full bucket, as a flood would.
  await sleep((FAIRNESS_LIMIT.burst / FAIRNESS_LIMIT.perSecond) * 1000);
  const flood = await floodInWorker({
    baseUrl: stack.baseUrl,
    key: floodKey,
    run,
    perSecond: FAIRNESS_LIMIT.perSecond * 10,
    seconds,
  });
  const [quietBesideFlood, counts] = await Promise.all([
    paced(stack, quietKey, made(QUIET_PER_SECOND), QUIET_PER_SECOND, seconds),
    flood.start(),
  ]);
  return {
    quietAlone,
    quietBesideLimit,
    quietBesideFlood,
    flood: {
      offeredPerSecond: counts.total / seconds,
      acceptedPerSecond: counts.accepted / seconds,
      refusedPerSecond: counts.refused / seconds,
    },
  };
}

/** The flood on its own thread, its bodies made: `start` floods and resolves with what it sent and how it was answered. */
function floodInWorker(order: FloodOrder): Promise<{ start: () => Promise<FloodCounts> }> {
  return new Promise((ready, failed) => {
    const worker = new Worker(new URL('./flood-worker.js', import.meta.url), { workerData: order });
    let finish: { resolve: (c: FloodCounts) => void; reject: (e: Error) => void } | undefined;
    const fail = (error: Error) => (finish ? finish.reject(error) : failed(error));
    worker.on('message', (m: { ready?: true; counts?: FloodCounts; error?: string }) => {
      if (m.ready) {
        ready({
          start: () =>
            new Promise<FloodCounts>((resolve, reject) => {
              finish = { resolve, reject };
              worker.postMessage('go');
            }),
        });
      } else if (m.counts) finish?.resolve(m.counts);
      else fail(new Error(`flood: ${m.error}`));
    });
    worker.once('error', fail);
    worker.once('exit', (code) => code !== 0 && fail(new Error(`flood worker exited with ${code}`)));
  });
}
