/**
 * `npm run bench`: the broker's raw ceiling, then the stack under realistic load (creates at
 * several connection counts, full lifecycles, a paced half load, an analytics backlog), each
 * figure next to its ratio to the ceiling and its goal; written to bench/results/ and compared
 * with the previous run. Reports figures, never fails on them. `npm run bench -- --help`.
 */
import 'reflect-metadata';
import { cpus, loadavg } from 'node:os';
import { AnalyticsProbe } from './lib/analytics-probe.js';
import { measureCeiling } from './lib/ceiling.js';
import { stackProcesses } from './lib/cpu-meter.js';
import { mkdirSync } from 'node:fs';
import { DEFAULT_AMQP_URL, RESULTS_DIR, stackEnvironment } from './lib/environment.js';
import { measureFairness } from './lib/fairness.js';
import { createVhost, deleteVhost, newRunName } from './lib/isolation.js';
import { createLoad, editLifecycleLoad, lifecycleLoad } from './lib/load.js';
import { parseOptions } from './lib/options.js';
import { orderBodies } from './lib/orders.js';
import { pacedLifecycles } from './lib/paced.js';
import { type Bench, measureDrain, measurePhase, type PhaseResult } from './lib/phases.js';
import { profiled } from './lib/profile.js';
import { formatTable, type Results, rowsOf } from './lib/report.js';
import { previousResults, writeResults } from './lib/results-file.js';
import { attachStack, type Stack, startStack } from './lib/stack.js';
import { measureWebhooks } from './lib/webhooks.js';

const options = parseOptions();
const run = newRunName();
const startedAt = new Date().toISOString();
const loadAverage = loadavg();
const brokerUrl = stackEnvironment().AMQP_URL || DEFAULT_AMQP_URL;
const t0 = performance.now();
const say = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${line}`);

console.log(
  `${run}: ${options.url ?? 'a stack of its own from dist/'}; ${options.seconds} s per phase; ` +
    `${cpus().length} CPUs, load average ${loadAverage[0].toFixed(1)}`,
);

// What the run made is removed at the end, on an error, and on Ctrl-C, once.
const cleanups: (() => Promise<void>)[] = [];
let cleaning = Promise.resolve();
const cleanUp = () =>
  (cleaning = cleaning.then(async () => {
    for (const cleanup of cleanups.splice(0).reverse())
      await cleanup().catch((e: Error) => console.error(`clean-up: ${e.message}`));
  }));
let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  void cleanUp().finally(() => process.exit(130));
});

const ceilingVhost = `${run}_ceiling`;
// Registered first: a Ctrl-C while the vhost is being made removes it all the same.
cleanups.push(() => deleteVhost(brokerUrl, ceilingVhost));
const ceilingUrl = await createVhost(brokerUrl, ceilingVhost);
const ceiling = await measureCeiling(ceilingUrl, options.seconds).finally(cleanUp);
say(`broker ceiling: ${ceiling.messagesPerSecond} msg/s`);

try {
  const stack: Stack = options.url
    ? attachStack(options.url)
    : await startStack(run, options.keep, (cleanup) => cleanups.push(cleanup), options.profile.length > 0);
  say(`stack up at ${stack.baseUrl}`);
  const probe = await AnalyticsProbe.open(stack);
  cleanups.push(() => probe.close());
  const bench: Bench = {
    stack,
    probe,
    nextBody: orderBodies(run),
    settleMs: options.settleSeconds * 1000,
    processes: stackProcesses(stack, probe),
  };
  const report = (title: string, p: PhaseResult) =>
    say(
      `${title}: ${p.rate.toFixed(0)} orders/s, p99 ${p.load.latency.p99?.toFixed(0) ?? 'n/a'} ms, ` +
        `analytics ${p.visibleRate?.toFixed(0) ?? 'n/a'} orders/s${p.caughtUp ? '' : ' (not caught up)'}`,
    );

  if (options.warmupSeconds) {
    await measurePhase(bench, 'orders', () => createLoad(stack, bench.nextBody, 16, options.warmupSeconds));
    say('warmed up');
  }
  /** The phases named by --profile run with every service's profiler on (the first create phase only); the others as they are. */
  const toProfile = new Set<string>(options.profile);
  const maybeProfiled = <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    if (!toProfile.has(phase) || !stack.inspectorPorts) return work();
    mkdirSync(RESULTS_DIR, { recursive: true });
    toProfile.delete(phase);
    return profiled(stack.inspectorPorts, `${RESULTS_DIR}/${startedAt.replace(/[:.]/g, '-')}-${phase}`, work, console.log);
  };
  const creates = [];
  for (const connections of options.phases.has('create') ? options.connections : []) {
    const phase = await maybeProfiled('create', () =>
      measurePhase(bench, 'orders', () => createLoad(stack, bench.nextBody, connections, options.seconds)),
    );
    report(`create, ${connections} connections`, phase);
    creates.push({ connections, phase });
  }
  const connections = options.lifecycleConnections;
  const lifecycle = {
    connections,
    phase: await maybeProfiled('lifecycle', () =>
      measurePhase(bench, 'completed', () => lifecycleLoad(stack, bench.nextBody, connections, options.seconds)),
    ),
  };
  report(`full lifecycle, ${connections} connections`, lifecycle.phase);
  const { edits, halfLoad, fairness } = await theOtherLifecyclePhases();
  const webhooks = options.phases.has('webhooks') ? await measureWebhooks(bench, connections, options.seconds) : undefined;
  if (webhooks) {
    say(
      `webhooks: lifecycle ${webhooks.phase.rate.toFixed(0)} orders/s with a subscription to every event; ` +
        `${webhooks.deliveredPerSecond?.toFixed(0) ?? 'n/a'} events/s received, p99 ${webhooks.latency.p99?.toFixed(0) ?? 'n/a'} ms after the change`,
    );
  }
  const drain = !options.phases.has('drain')
    ? undefined
    : await measureDrain(bench, options.backlogOrders, options.seconds, connections, (work) => maybeProfiled('drain', work));
  if (drain) say(`analytics drain: ${drain.eventsPerSecond?.toFixed(0) ?? `n/a (${drain.unavailable})`} events/s`);

  /** The lifecycle's variants and the fairness phase, as --only says. */
  async function theOtherLifecyclePhases() {
    const edits = options.phases.has('edits') && {
      connections,
      phase: await maybeProfiled('edits', () =>
        measurePhase(bench, 'completed', () => editLifecycleLoad(stack, bench.nextBody, connections, options.seconds)),
      ),
    };
    if (edits) report(`lifecycle with a quantity change and a removal, ${connections} connections`, edits.phase);
    const perSecond = Math.max(1, lifecycle.phase.rate / 2);
    const halfLoad = options.phases.has('half-load') && {
      perSecond,
      phase: await maybeProfiled('half-load', () =>
        measurePhase(bench, 'completed', () => pacedLifecycles(stack, bench.nextBody, perSecond, options.seconds)),
      ),
    };
    if (halfLoad) report(`lifecycle at ${perSecond.toFixed(1)}/s`, halfLoad.phase);
    const fairness =
      options.phases.has('fairness') && stack.keys.flood
        ? await maybeProfiled('fairness', () => measureFairness(stack, bench.nextBody, run, options.seconds))
        : undefined;
    if (fairness) {
      say(
        `fairness: quiet key p99 ${fairness.quietAlone.p99?.toFixed(0)} ms alone, ` +
          `${fairness.quietBesideLimit.p99?.toFixed(0)} ms beside a key at its limit, ${fairness.quietBesideFlood.p99?.toFixed(0)} ms ` +
          `beside a key offering ${fairness.flood.offeredPerSecond.toFixed(0)}/s (${fairness.flood.refusedPerSecond.toFixed(0)}/s refused)`,
      );
    }
    return { edits: edits || undefined, halfLoad: halfLoad || undefined, fairness };
  }

  const results: Results = {
    ceiling,
    creates,
    lifecycle,
    edits,
    halfLoad,
    fairness,
    webhooks,
    drain,
    peakRssMb: Object.fromEntries(stack.peakRss()),
  };
  const rows = rowsOf(results);
  const target = options.url ?? 'own stack';
  const previous = previousResults(target);
  console.log(`\n${formatTable(rows, previous?.results.rows)}\n`);
  const file = writeResults({
    startedAt,
    finishedAt: new Date().toISOString(),
    target,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadAverage, node: process.version },
    options,
    rows,
    ...results,
  });
  const against = previous && `; Δ against ${previous.file}`;
  console.log(`written to ${file}${against ?? ''}`);
} catch (error) {
  await cleanUp();
  // Interrupted: the phase that was running failed because its stack went away.
  if (interrupted) process.exit(130);
  throw error;
} finally {
  await cleanUp();
}
