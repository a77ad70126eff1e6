import type { AnalyticsProbe } from './analytics-probe.js';
import { cpuMs, parentPid, rabbitPids } from './proc.js';
import type { Stack } from './stack.js';

/** Process ids by the name their CPU time is reported under; asked again every second. */
export type ProcessGroups = () => Promise<Map<string, number[]>>;

/**
 * CPU time each group of processes spent while `work` ran, in ms. Groups are listed again every
 * second, so processes that start meanwhile (a new PostgreSQL backend) count from zero and
 * those that exit keep what they had used when last seen.
 */
export async function meterCpu<T>(
  groups: ProcessGroups,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: Map<string, number> }> {
  const groupOf = new Map<number, string>();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = async (initial: boolean) => {
    for (const [group, pids] of await groups()) {
      for (const pid of pids) {
        if (groupOf.has(pid)) continue;
        const ms = cpuMs(pid);
        if (ms === undefined) continue;
        groupOf.set(pid, group);
        first.set(pid, initial ? ms : 0);
      }
    }
    for (const pid of groupOf.keys()) {
      const ms = cpuMs(pid);
      if (ms !== undefined) last.set(pid, ms);
    }
  };
  await sample(true);
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(() => sample(false)).catch(() => {});
  }, 1000);
  let result: T;
  try {
    result = await work();
  } finally {
    clearInterval(timer);
    await sampling;
  }
  await sample(false);
  const cpu = new Map<string, number>();
  for (const [pid, group] of groupOf) cpu.set(group, (cpu.get(group) ?? 0) + (last.get(pid)! - first.get(pid)!));
  return { result, cpu };
}

/** Each service; PostgreSQL split into the stack's database and what every database shares; RabbitMQ whole. */
export function stackProcesses(stack: Stack, probe: AnalyticsProbe): ProcessGroups {
  const rabbit = rabbitPids();
  return async () => {
    const [backends, auxiliary] = await Promise.all([probe.backends(), probe.auxiliaryProcesses()]);
    const postmaster = auxiliary.length ? parentPid(auxiliary[0]) : undefined;
    return new Map([
      ...[...stack.pids()].map(([name, pid]): [string, number[]] => [name, [pid]]),
      ['postgres (stack database)', backends],
      ['postgres (shared processes)', postmaster ? [...auxiliary, postmaster] : auxiliary],
      ['rabbitmq (whole broker)', rabbit],
    ]);
  };
}
