// Runs the built services as separate OS processes: two orders replicas, two analytics replicas
// and one gateway, each on a port of its own, logs in files. A process that exits without being
// told to is a crash: it is recorded (the runner counts it as a failure) and started again, so
// the faults after it still run against a whole stack. Each replica runs as `npm start` runs a
// service (scripts/services.mjs).
import { freePort, lastLines, readiness, startService } from '../../scripts/services.mjs';

export const REPLICAS = [
  { name: 'orders-1', kind: 'orders' },
  { name: 'orders-2', kind: 'orders' },
  { name: 'analytics-1', kind: 'analytics' },
  { name: 'analytics-2', kind: 'analytics' },
  { name: 'gateway', kind: 'api-gateway' },
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Stack {
  /** Unplanned exits: `{ name, code, signal, at, lastLines }`. */
  crashes = [];
  #env;
  #logDir;
  #procs = new Map();
  #stopping = false;

  constructor(env, logDir) {
    this.#env = env;
    this.#logDir = logDir;
  }

  async start() {
    for (const replica of REPLICAS) this.#procs.set(replica.name, { ...replica, port: await freePort(), service: null });
    // Replicas of one service may start together: migrations take an advisory lock.
    for (const proc of this.#procs.values()) this.#spawn(proc);
    return (await this.waitHealthy(90_000)).seconds;
  }

  get gatewayUrl() {
    return `http://127.0.0.1:${this.#procs.get('gateway').port}`;
  }

  names(kind) {
    return [...this.#procs.values()].filter((p) => !kind || p.kind === kind).map((p) => p.name);
  }

  logFile(name) {
    return `${this.#logDir}/${name}.log`;
  }

  #spawn(proc) {
    const service = startService(proc.kind, { env: this.#env, port: proc.port, log: this.logFile(proc.name) });
    proc.service = service;
    proc.planned = false;
    service.child.once('exit', (code, signal) => {
      if (this.#stopping || proc.planned) return;
      // Every signal the suite sends is planned; any other one came from outside.
      const cause = signal ? `${signal}, not sent by the suite` : `exit ${code}`;
      this.crashes.push({ name: proc.name, cause, at: new Date(), lastLines: lastLines(this.logFile(proc.name), 5) });
      setTimeout(() => !this.#stopping && this.#spawn(proc), 500);
    });
  }

  /** `kill -9` of one replica, then the same replica started again. */
  async kill9AndRestart(name) {
    const proc = this.#procs.get(name);
    proc.planned = true;
    const exited = new Promise((r) => proc.service.child.once('exit', r));
    proc.service.child.kill('SIGKILL');
    await exited;
    this.#spawn(proc);
  }

  /** Freezes one replica (SIGSTOP) for `ms`, as a hung process or a stalled VM would, then lets it go on. */
  async freeze(name, ms) {
    const { child } = this.#procs.get(name).service;
    child.kill('SIGSTOP');
    try {
      await sleep(ms);
    } finally {
      child.kill('SIGCONT');
    }
  }

  /** Stops the named replicas as a deploy would (SIGTERM): what they had prefetched goes back to their queue. */
  async stopReplicas(names) {
    await Promise.all(names.map((name) => this.#terminate(this.#procs.get(name))));
  }

  startReplicas(names) {
    for (const name of names) this.#spawn(this.#procs.get(name));
  }

  async #terminate(proc) {
    if (!proc.service?.running()) return;
    proc.planned = true;
    // A replica the suite paused would not act on SIGTERM.
    proc.service.child.kill('SIGCONT');
    await proc.service.stop();
  }

  /** Readiness of one replica; `why` keeps the last reason it was not ready, for the notes. */
  async isReady(name) {
    const proc = this.#procs.get(name);
    const { ready, why } = await readiness(proc.port);
    if (!ready) proc.why = why;
    return ready;
  }

  /**
   * Seconds until every replica answers ready (null if not within `timeoutMs`), and the replica
   * that took longest, with its seconds.
   */
  async waitHealthy(timeoutMs) {
    const started = Date.now();
    const waiting = new Set(this.names());
    for (const proc of this.#procs.values()) proc.why = null;
    let last = { name: null, seconds: 0, why: null };
    while (Date.now() - started < timeoutMs) {
      const states = await Promise.all([...waiting].map(async (n) => [n, await this.isReady(n)]));
      for (const [name, ready] of states) {
        if (!ready) continue;
        waiting.delete(name);
        last = { name, seconds: (Date.now() - started) / 1000, why: this.#procs.get(name).why };
      }
      if (waiting.size === 0) {
        // Ready one by one is not enough: all of them at the same moment.
        const states = await Promise.all(this.names().map(async (n) => [n, await this.isReady(n)]));
        for (const [name, ready] of states) if (!ready) waiting.add(name);
        if (waiting.size === 0) return { seconds: (Date.now() - started) / 1000, slowest: last };
      }
      await sleep(250);
    }
    const why = [...waiting].map((n) => `${n}: ${this.#procs.get(n).why}`).join('; ');
    return { seconds: null, slowest: { name: 'never all ready', seconds: null, why } };
  }

  async stop() {
    this.#stopping = true;
    await Promise.all([...this.#procs.values()].map((p) => this.#terminate(p)));
  }
}
