import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

// What Linux says about a process, read from /proc: the benchmark's CPU and memory figures.

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The fields after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  const stat = read(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** User plus system CPU time the process has used so far, in ms; undefined once it has exited. */
export function cpuMs(pid: number): number | undefined {
  const f = statFields(pid);
  // utime and stime are fields 14 and 15 of stat(5); fields here start at 3 (state).
  const ms = f ? ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_SECOND : NaN;
  // A process caught as it exits can leave a stat line cut short: no figure, rather than a NaN in a sum.
  return Number.isFinite(ms) ? ms : undefined;
}

export function parentPid(pid: number): number | undefined {
  const f = statFields(pid);
  return f ? Number(f[1]) : undefined;
}

/** Peak resident set size (VmHWM) in MB. */
export function peakRssMb(pid: number): number | undefined {
  const kb = /VmHWM:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '')?.[1];
  return kb === undefined ? undefined : Number(kb) / 1024;
}

const pids = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);

/** RabbitMQ's Erlang VM on this machine (all of its vhosts share it). */
export function rabbitPids(): number[] {
  return pids().filter((p) => read(`/proc/${p}/comm`)?.trim() === 'beam.smp' && read(`/proc/${p}/cmdline`)?.includes('rabbit'));
}

/** The process listening on a TCP port of this machine, if it is one of ours (readable fds). */
export function pidListeningOn(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(table) ?? '').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // st 0A is LISTEN; local_address ends in the port in hex.
      if (f[3] === '0A' && parseInt(f[1]?.split(':').pop() ?? '', 16) === port) inodes.add(`socket:[${f[9]}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of pids()) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return pid;
      } catch {
        // the descriptor closed while we looked
      }
    }
  }
  return undefined;
}
