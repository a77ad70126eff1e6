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
import { DEFAULT_AMQP_URL, stackEnvironment } from './lib/environment.js';
import { createVhost, deleteVhost, newRunName } from './lib/isolation.js';
import { createLoad, lifecycleLoad } from './lib/load.js';
import { parseOptions } from './lib/options.js';
import { orderBodies } from './lib/orders.js';
import { pacedLifecycles } from './lib/paced.js';
import { type Bench, measureDrain, measurePhase, type PhaseResult } from './lib/phases.js';
import { parentPid, rabbitPids } from './lib/proc.js';
import { formatTable, type Results, rowsOf } from './lib/report.js';
import { previousResults, writeResults } from './lib/results-file.js';
import { attachStack, type Stack, startStack } from './lib/stack.js';

const options = parseOptions();
const run = newRunName();
const startedAt = new Date().toISOString();
const brokerUrl = stackEnvironment().AMQP_URL || DEFAULT_AMQP_URL;
const t0 = performance.now();
const say = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${line}`);

console.log(
  `${run}: ${options.url ?? 'a stack of its own from dist/'}; ${options.seconds} s per phase; ` +
    `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}`,
);

const ceilingVhost = `${run}_ceiling`;
const ceiling = await measureCeiling(await createVhost(brokerUrl, ceilingVhost), options.seconds).finally(() =>
  deleteVhost(brokerUrl, ceilingVhost),
);
say(`broker ceiling: ${ceiling.messagesPerSecond} msg/s`);

const stack: Stack = options.url ? attachStack(options.url) : await startStack(run, options.keep);
let closing = false;
const shutDown = async () => {
  if (closing) return;
  closing = true;
  await stack.close();
};
process.once('SIGINT', () => void shutDown().finally(() => process.exit(130)));
say(`stack up at ${stack.baseUrl}`);

try {
  const probe = await AnalyticsProbe.open(stack);
  const rabbit = rabbitPids();
  const bench: Bench = {
    stack,
    probe,
    nextBody: orderBodies(run),
    settleMs: options.settleSeconds * 1000,
    processes: async () => {
      const [backends, auxiliary] = await Promise.all([probe.backends(), probe.auxiliaryProcesses()]);
      const postmaster = auxiliary.length ? parentPid(auxiliary[0]) : undefined;
      return new Map([
        ...[...stack.pids()].map(([name, pid]): [string, number[]] => [name, [pid]]),
        ['postgres (stack database)', backends],
        ['postgres (shared processes)', postmaster ? [...auxiliary, postmaster] : auxiliary],
        ['rabbitmq (whole broker)', rabbit],
      ]);
    },
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
  const creates = [];
  for (const connections of options.connections) {
    const phase = await measurePhase(bench, 'orders', () => createLoad(stack, bench.nextBody, connections, options.seconds));
    report(`create, ${connections} connections`, phase);
    creates.push({ connections, phase });
  }
  const connections = options.lifecycleConnections;
  const lifecycle = {
    connections,
    phase: await measurePhase(bench, 'completed', () => lifecycleLoad(stack, bench.nextBody, connections, options.seconds)),
  };
  report(`full lifecycle, ${connections} connections`, lifecycle.phase);
  const perSecond = Math.max(1, lifecycle.phase.rate / 2);
  const halfLoad = {
    perSecond,
    phase: await measurePhase(bench, 'completed', () => pacedLifecycles(stack, bench.nextBody, perSecond, options.seconds)),
  };
  report(`lifecycle at ${perSecond.toFixed(1)}/s`, halfLoad.phase);
  const drain = await measureDrain(bench, options.backlogOrders, options.seconds, connections);
  say(`analytics drain: ${drain.eventsPerSecond?.toFixed(0) ?? `n/a (${drain.unavailable})`} events/s`);
  await probe.close();

  const results: Results = { ceiling, creates, lifecycle, halfLoad, drain, peakRssMb: Object.fromEntries(stack.peakRss()) };
  const rows = rowsOf(results);
  const previous = previousResults();
  console.log(`\n${formatTable(rows, previous?.results.rows)}\n`);
  const file = writeResults({
    startedAt,
    finishedAt: new Date().toISOString(),
    target: options.url ?? 'own stack',
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
    options,
    rows,
    ...results,
  });
  console.log(`written to ${file}${previous ? `; Δ against ${previous.file}` : ''}`);
} finally {
  await shutDown();
}
