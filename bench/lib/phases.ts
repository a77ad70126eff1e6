import { ANALYTICS_EVENTS_QUEUE } from '#contracts';
import type { AnalyticsProbe, Freshness, Summary } from './analytics-probe.js';
import { meterCpu, type ProcessGroups } from './cpu-meter.js';
import { lifecycleLoad, type LoadResult } from './load.js';
import type { Stack } from './stack.js';
import { sleep } from './stats.js';

export interface Bench {
  stack: Stack;
  probe: AnalyticsProbe;
  processes: ProcessGroups;
  nextBody: () => string;
  settleMs: number;
}

export interface PhaseResult {
  load: LoadResult;
  /** Orders (created, or complete) per second of load. */
  rate: number;
  /** Orders per second from the start of the load until the analytics summary counted every one. */
  visibleRate: number | null;
  /** False when analytics had not caught up within the settle time; visibleRate is then what it reached. */
  caughtUp: boolean;
  freshness: Freshness;
  /**
   * Orders the stack handled in the phase as analytics counts them: those answered, plus those
   * in flight when the load stopped, whose work the CPU figures include too.
   */
  handled: number;
  /** CPU ms from the start of the load until analytics caught up, by process group. */
  cpuMs: Record<string, number>;
  /** Transactions the stack's database committed meanwhile (the probe's own few polls among them). */
  commits: number;
}

/**
 * Runs a load and waits until the analytics summary counts every order it made: all orders for
 * creations, completed ones for lifecycles. CPU is metered over both, so it includes the work
 * analytics does for those orders.
 */
export async function measurePhase(
  bench: Bench,
  counts: 'orders' | 'completed',
  drive: () => Promise<LoadResult>,
): Promise<PhaseResult> {
  const { probe } = bench;
  const before = await probe.summary();
  const commitsBefore = await probe.commits();
  const from = Date.now();
  const started = performance.now();
  const { result, cpu } = await meterCpu(bench.processes, async () => {
    const load = await drive();
    const target = before[counts] + load.orders;
    const seen = await probe.waitFor((s: Summary) => s[counts] >= target, bench.settleMs);
    // Requests in flight when the load stopped were still handled: wait for those too.
    const settled = seen.at === null ? seen.last : await probe.steady(counts, 1000, bench.settleMs);
    return { load, seen, settled };
  });
  const { load, seen, settled } = result;
  const freshness = await probe.freshness(from, Date.now());
  const sinceStart = ((seen.at ?? performance.now()) - started) / 1000;
  const visible = seen.at === null ? seen.last[counts] - before[counts] : load.orders;
  return {
    load,
    rate: load.orders / load.seconds,
    visibleRate: visible / sinceStart,
    caughtUp: seen.at !== null,
    freshness,
    handled: Math.max(load.orders, settled[counts] - before[counts]),
    cpuMs: Object.fromEntries(cpu),
    commits: (await probe.commits()) - commitsBefore,
  };
}

export interface DrainResult {
  eventsPerSecond: number | null;
  backlogEvents: number;
  drainedEvents: number;
  seconds: number | null;
  /** CPU ms by process group from analytics' readiness until the backlog was stored, and the events stored meanwhile. */
  cpuMs?: Record<string, number>;
  meteredEvents?: number;
  unavailable?: string;
}

/**
 * Stops analytics, builds a backlog of complete lifecycles (about 6 events an order), starts it
 * again and times how fast the stored events grow, from the first one stored after the restart
 * (so its start-up does not count) to the last of the backlog. CPU is metered from readiness on,
 * beside the events stored in that time; `around` wraps that part (a profiler, say).
 */
export async function measureDrain(
  bench: Bench,
  backlogOrders: number,
  seconds: number,
  connections: number,
  around: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): Promise<DrainResult> {
  const { stack, probe } = bench;
  if (!stack.analytics) {
    return {
      eventsPerSecond: null,
      backlogEvents: 0,
      drainedEvents: 0,
      seconds: null,
      unavailable: 'only in a stack the benchmark starts (it stops and restarts analytics)',
    };
  }
  await stack.analytics.stop();
  const storedBefore = await probe.storedEvents();
  await lifecycleLoad(stack, bench.nextBody, connections, seconds, backlogOrders);
  // The outbox relay may still be publishing what was committed: wait for the queue to settle.
  let backlog = -1;
  for (let i = 0; i < 60; i++) {
    const depth = await probe.queueDepth(ANALYTICS_EVENTS_QUEUE);
    if (depth === backlog) break;
    backlog = depth;
    await sleep(500);
  }

  await stack.analytics.start();
  const deadline = performance.now() + bench.settleMs;
  const storedAtReady = await probe.storedEvents();
  let first: { at: number; stored: number } | undefined;
  let last = { at: performance.now(), stored: storedAtReady };
  // The event store is counted until the first events are stored and again once the queue has
  // handed out its last message, not in between: on the database of the earlier phases a count
  // costs PostgreSQL 5-13 ms (100k rows), a fifth of a core at this pace. The queue's depth is cheap.
  const { cpu } = await around(() =>
    meterCpu(bench.processes, async () => {
      let delivered = false;
      while (performance.now() < deadline) {
        if (first && !delivered) {
          delivered = (await probe.queueDepth(ANALYTICS_EVENTS_QUEUE)) === 0;
          await sleep(50);
          continue;
        }
        const stored = await probe.storedEvents();
        const now = performance.now();
        if (stored !== last.stored) {
          last = { at: now, stored };
          first ??= last;
        }
        if (stored - storedBefore >= backlog) break;
        // Duplicates in the queue are stored once: an empty queue and no progress for 2 s is the end too.
        if (first && now - last.at > 2000 && (await probe.queueDepth(ANALYTICS_EVENTS_QUEUE)) === 0) break;
        await sleep(50);
      }
    }),
  );
  const elapsed = first && last.at > first.at ? (last.at - first.at) / 1000 : null;
  return {
    eventsPerSecond: first && elapsed ? (last.stored - first.stored) / elapsed : null,
    backlogEvents: backlog,
    drainedEvents: last.stored - storedBefore,
    seconds: elapsed,
    cpuMs: Object.fromEntries(cpu),
    meteredEvents: last.stored - storedAtReady,
  };
}
