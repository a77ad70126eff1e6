import { writeFileSync } from 'node:fs';
import type { ServiceName } from './stack.js';

/** The parts of a V8 CPU profile (the inspector's `Profiler.stop` answer) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples: number[];
  startTime: number;
  endTime: number;
}

/** One inspector session, over the WebSocket every Node process with `--inspect` serves. */
class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    });
  }

  static async open(port: number): Promise<Inspector> {
    const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const socket = new WebSocket(target!.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, { once: true });
      socket.addEventListener('error', () => reject(new Error(`no inspector session on port ${port}`)), { once: true });
    });
    return new Inspector(socket);
  }

  send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  close(): void {
    this.socket.close();
  }
}

export interface SelfTime {
  functionName: string;
  where: string;
  ms: number;
  share: number;
}

/** Self time by function (name and source position), largest first, as a share of the busy time (all but idle). */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const totals = new Map<string, SelfTime>();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = byNode.get(id)!.callFrame;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = totals.get(key) ?? { functionName: functionName || '(anonymous)', where, ms: 0, share: 0 };
    entry.ms += interval;
    totals.set(key, entry);
  }
  const all = [...totals.values()].filter((e) => e.functionName !== '(idle)');
  const sum = all.reduce((s, e) => s + e.ms, 0);
  for (const entry of all) entry.share = entry.ms / sum;
  return all.sort((a, b) => b.ms - a.ms);
}

/**
 * Runs `work` with the V8 profiler of every service on, then writes each profile beside the results
 * (`<run>-<service>.cpuprofile`, for Chrome DevTools or speedscope) and prints its 15 largest self
 * times. Sampling every 500 µs: enough samples in a 10 s phase, little cost to the phase.
 */
export async function profiled<T>(
  ports: Map<ServiceName, number>,
  filePrefix: string,
  work: () => Promise<T>,
  print: (line: string) => void,
): Promise<T> {
  const sessions = await Promise.all([...ports].map(async ([name, port]) => ({ name, inspector: await Inspector.open(port) })));
  try {
    for (const { inspector } of sessions) {
      await inspector.send('Profiler.enable');
      await inspector.send('Profiler.setSamplingInterval', { interval: 500 });
      await inspector.send('Profiler.start');
    }
    const result = await work();
    for (const { name, inspector } of sessions) {
      const { profile } = await inspector.send<{ profile: CpuProfile }>('Profiler.stop');
      const file = `${filePrefix}-${name}.cpuprofile`;
      writeFileSync(file, JSON.stringify(profile));
      const times = selfTimes(profile);
      const busy = times.reduce((s, t) => s + t.ms, 0);
      print(`\n${name}: ${busy.toFixed(0)} ms busy; top 15 by self time, share of busy (${file})`);
      for (const t of times.slice(0, 15))
        print(`  ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.ms.toFixed(0).padStart(6)} ms  ${t.functionName}  ${t.where}`);
    }
    return result;
  } finally {
    for (const { inspector } of sessions) inspector.close();
  }
}
