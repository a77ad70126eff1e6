/**
 * `npm run bench:drain`: the drain phase of `npm run bench` alone, with a larger backlog, for work on
 * analytics' intake: the broker ceiling, a stack of its own, `--backlog` complete lifecycles queued
 * while analytics is stopped, then analytics started: events stored per second (and as a share of
 * the ceiling), CPU per stored event by process from analytics' readiness, and peak RSS.
 * `--profile` adds a CPU profile of every service over the drain. Reports, never fails.
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AnalyticsProbe } from './lib/analytics-probe.js';
import { measureCeiling } from './lib/ceiling.js';
import { stackProcesses } from './lib/cpu-meter.js';
import { DEFAULT_AMQP_URL, RESULTS_DIR, stackEnvironment } from './lib/environment.js';
import { createVhost, deleteVhost, newRunName } from './lib/isolation.js';
import { orderBodies } from './lib/orders.js';
import { measureDrain } from './lib/phases.js';
import { profiled } from './lib/profile.js';
import { startStack } from './lib/stack.js';

const { values } = parseArgs({
  options: {
    backlog: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '10' },
    profile: { type: 'boolean', default: false },
  },
});
const backlog = Number(values.backlog);
const seconds = Number(values.seconds);
const run = newRunName();
console.log(`${run}: drain of ${backlog} lifecycles; load average ${loadavg()[0].toFixed(1)}`);

const cleanups: (() => Promise<void>)[] = [];
const cleanUp = async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e: Error) => console.error(e.message));
};
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
try {
  const brokerUrl = stackEnvironment().AMQP_URL || DEFAULT_AMQP_URL;
  cleanups.push(() => deleteVhost(brokerUrl, `${run}_ceiling`));
  const ceiling = await measureCeiling(await createVhost(brokerUrl, `${run}_ceiling`), seconds);
  await cleanUp();
  const stack = await startStack(run, false, (cleanup) => cleanups.push(cleanup), values.profile);
  const probe = await AnalyticsProbe.open(stack);
  cleanups.push(() => probe.close());
  const bench = { stack, probe, nextBody: orderBodies(run), settleMs: 600_000, processes: stackProcesses(stack, probe) };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const prefix = `${RESULTS_DIR}/${new Date().toISOString().replace(/[:.]/g, '-')}-drain`;
  // The backlog is bounded by --backlog, not by time.
  const drain = await measureDrain(bench, backlog, 3600, 64, (work) =>
    values.profile && stack.inspectorPorts ? profiled(stack.inspectorPorts, prefix, work, console.log) : work(),
  );
  const rate = drain.eventsPerSecond;
  console.log(
    `\nbroker ceiling ${ceiling.messagesPerSecond} msg/s; drained ${drain.drainedEvents} of ${drain.backlogEvents} events ` +
      `at ${rate?.toFixed(0) ?? 'n/a'} events/s (${rate ? (rate / ceiling.messagesPerSecond).toFixed(3) : 'n/a'} × ceiling)`,
  );
  for (const [group, ms] of Object.entries(drain.cpuMs ?? {}))
    console.log(`  CPU per event: ${group.padEnd(28)} ${(ms / Math.max(1, drain.meteredEvents ?? 0)).toFixed(3)} ms`);
  for (const [service, mb] of stack.peakRss()) console.log(`  peak RSS: ${service.padEnd(12)} ${mb} MB`);
} finally {
  await cleanUp();
}
