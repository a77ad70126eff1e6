import { readdirSync, readFileSync } from 'node:fs';
import { cpuMs } from './proc.js';

/**
 * CPU time PostgreSQL spends for one database: its backends (found by the database name in their
 * process title) and the parallel workers they start, sampled every 100 ms while `run` runs. A
 * worker that exits between two samples loses at most its last 100 ms. A figure per unit of work
 * that, unlike a rate, holds up on a machine other work shares.
 */
export async function postgresCpuDuring<T>(database: string, run: () => Promise<T>): Promise<{ result: T; cpuMs: number }> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const sample = () => {
    const backends = new Set<number>();
    const workers: [number, number][] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let title: string;
      try {
        title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue;
      }
      if (!title.startsWith('postgres:')) continue;
      if (title.includes(` ${database} `)) backends.add(Number(entry));
      const leader = /parallel worker for PID (\d+)/.exec(title)?.[1];
      if (leader) workers.push([Number(entry), Number(leader)]);
    }
    for (const pid of [...backends, ...workers.filter(([, leader]) => backends.has(leader)).map(([pid]) => pid)]) {
      const ms = cpuMs(pid);
      if (ms === undefined) continue;
      if (!first.has(pid)) first.set(pid, ms);
      last.set(pid, ms);
    }
  };
  sample();
  // Processes seen only after the start count from zero: they began during the run.
  const known = new Set(first.keys());
  const timer = setInterval(sample, 100);
  try {
    const result = await run();
    sample();
    let total = 0;
    for (const [pid, ms] of last) total += ms - (known.has(pid) ? first.get(pid)! : 0);
    return { result, cpuMs: total };
  } finally {
    clearInterval(timer);
  }
}
