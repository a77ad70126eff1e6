import { Worker } from 'node:worker_threads';
import type { FloodCounts, FloodOrder } from './flood-worker.js';
import { cpuMs } from './proc.js';
import { FAIRNESS_LIMIT } from './environment.js';
import type { Stack } from './stack.js';
import { percentiles, sleep } from './stats.js';

/** The quiet channel's pace: well inside its limit. */
const QUIET_PER_SECOND = 20;
/** The other key's pace alternates between its limit and ten times it in windows this long. */
const WINDOW_S = 2;
/** A quiet request sent this soon after the other key changed pace is counted in neither window. */
const SETTLE_MS = 500;

type Quiet = { p99: number | null; failed: number; answered: number };

export interface FairnessResult {
  /** The quiet key alone: creates answered and their p99, and answers that were not 2xx. */
  quietAlone: Quiet;
  /** Beside the other key creating at its limit, refused nothing: the load the flood is allowed to add. */
  quietBesideLimit: Quiet;
  quietBesideFlood: Quiet;
  /** What the flooding key sent, had accepted (2xx) and was refused with 429, a second of its flood windows. */
  flood: { offeredPerSecond: number; acceptedPerSecond: number; refusedPerSecond: number };
  /**
   * The gateway's CPU time in the flood windows less that in the limit windows, per request refused
   * more: what a refusal costs it. Null when the gateway's process could not be read.
   */
  gatewayCpuPerRefusalMs: number | null;
}

/**
 * Creates at `perSecond`, evenly spaced whatever the answers take, for `seconds`; each answer counted
 * under the label `windowAt` gives the time it was sent (ms after the start), or not at all for none.
 */
async function paced(
  stack: Stack,
  key: string,
  nextBody: () => string,
  perSecond: number,
  seconds: number,
  windowAt: (ms: number) => string | undefined = () => 'all',
): Promise<Map<string, Quiet>> {
  const latencies = new Map<string, number[]>();
  const failed = new Map<string, number>();
  const sent: Promise<void>[] = [];
  const started = performance.now();
  for (let n = 0; n < perSecond * seconds; n++) {
    const due = started + (n * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const t = performance.now();
    const label = windowAt(t - started);
    const fail = () => {
      if (label !== undefined) failed.set(label, (failed.get(label) ?? 0) + 1);
    };
    sent.push(
      fetch(`${stack.baseUrl}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: nextBody(),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          if (!res.ok) fail();
          else if (label !== undefined) {
            if (!latencies.has(label)) latencies.set(label, []);
            latencies.get(label)!.push(performance.now() - t);
          }
        })
        .catch(fail),
    );
  }
  await Promise.all(sent);
  const labels = new Set([...latencies.keys(), ...failed.keys()]);
  return new Map(
    [...labels].map((label) => {
      const [p99] = percentiles(latencies.get(label) ?? [], [0.99]);
      return [label, { p99, failed: failed.get(label) ?? 0, answered: latencies.get(label)?.length ?? 0 }];
    }),
  );
}

/**
 * One channel key floods at ten times its limit while another creates at a steady 20 a second:
 * the quiet key's p99 beside the flood, against the same pace alone, shows whether one caller's
 * flood costs the others. Beside the flood is set against beside the other key creating at exactly
 * its limit, which separates what the flood's accepted share costs (real orders, as any neighbour
 * may send) from what its refused excess costs. The two alternate every 2 s, `seconds` times each,
 * and the quiet key's answers are pooled by window: this machine's other work then weighs on both
 * alike, where two phases one after the other each met a different background. The flood is paced
 * evenly, like the quiet key (./flood-worker.ts says why not in bursts); its excess is refused (429)
 * on the gateway's raw server, unread.
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
  const limit = FAIRNESS_LIMIT.perSecond;
  const schedule = Array.from({ length: seconds }, () => [limit, limit * 10]).flat();
  const alternating = schedule.length * WINDOW_S;
  // Bodies are made before each phase, in every phase alike, so that making them is not measured.
  const made = (s: number) => {
    const bodies = Array.from({ length: QUIET_PER_SECOND * s }, nextBody);
    return () => bodies.shift() ?? nextBody();
  };
  const alone = await paced(stack, quietKey, made(seconds), QUIET_PER_SECOND, seconds);
  // The other key starts with a full bucket, as a flood would.
  await sleep((FAIRNESS_LIMIT.burst / limit) * 1000);
  const flood = await floodInWorker({ baseUrl: stack.baseUrl, key: floodKey, run, schedule, windowSeconds: WINDOW_S });
  const windowAt = (ms: number) => {
    const rate = schedule[Math.floor(ms / (WINDOW_S * 1000))];
    return ms % (WINDOW_S * 1000) < SETTLE_MS || rate === undefined ? undefined : rate === limit ? 'limit' : 'flood';
  };
  const [beside, counts, cpu] = await Promise.all([
    paced(stack, quietKey, made(alternating), QUIET_PER_SECOND, alternating, windowAt),
    flood.start(),
    gatewayCpuByWindow(stack, schedule.length),
  ]);
  const none: Quiet = { p99: null, failed: 0, answered: 0 };
  const floodSeconds = seconds * WINDOW_S;
  const inFlood = counts[limit * 10] ?? { total: 0, accepted: 0, refused: 0, failed: 0 };
  const refusedMore = inFlood.refused - (counts[limit]?.refused ?? 0);
  // Even windows are at the limit, odd ones flood.
  const cpuOf = (odd: number) => cpu?.filter((_, w) => w % 2 === odd).reduce((sum, ms) => sum + ms, 0) ?? NaN;
  return {
    quietAlone: alone.get('all') ?? none,
    quietBesideLimit: beside.get('limit') ?? none,
    quietBesideFlood: beside.get('flood') ?? none,
    flood: {
      offeredPerSecond: (inFlood.total + inFlood.failed) / floodSeconds,
      acceptedPerSecond: inFlood.accepted / floodSeconds,
      refusedPerSecond: inFlood.refused / floodSeconds,
    },
    gatewayCpuPerRefusalMs: cpu && refusedMore > 0 ? (cpuOf(1) - cpuOf(0)) / refusedMore : null,
  };
}

/** The gateway's CPU time in each window, read from /proc at each window's end (the flood starts with the first). */
async function gatewayCpuByWindow(stack: Stack, windows: number): Promise<number[] | undefined> {
  const pid = stack.pids().get('api-gateway');
  const started = performance.now();
  let last = pid === undefined ? undefined : cpuMs(pid);
  const spent: number[] = [];
  for (let w = 1; w <= windows && last !== undefined; w++) {
    await sleep(started + w * WINDOW_S * 1000 - performance.now());
    const now = cpuMs(pid!);
    if (now === undefined) return undefined;
    spent.push(now - last);
    last = now;
  }
  return last === undefined ? undefined : spent;
}

/** The flood on its own thread, its bodies made: `start` floods and resolves with what it sent and how it was answered, by pace. */
function floodInWorker(order: FloodOrder): Promise<{ start: () => Promise<Record<number, FloodCounts>> }> {
  return new Promise((ready, failed) => {
    const worker = new Worker(new URL('./flood-worker.js', import.meta.url), { workerData: order });
    let finish: { resolve: (c: Record<number, FloodCounts>) => void; reject: (e: Error) => void } | undefined;
    const fail = (error: Error) => (finish ? finish.reject(error) : failed(error));
    worker.on('message', (m: { ready?: true; counts?: Record<number, FloodCounts>; error?: string }) => {
      if (m.ready) {
        ready({
          start: () =>
            new Promise<Record<number, FloodCounts>>((resolve, reject) => {
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
