// Runs the built services as separate OS processes: two orders replicas, two analytics replicas
// and one gateway, each on a port of its own, logs in files. A process that exits without being
// told to is a crash: it is recorded (the runner counts it as a failure) and started again, so
// the faults after it still run against a whole stack.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { freePort } from '../support/processes.mjs';

const root = new URL('../..', import.meta.url).pathname;

export const REPLICAS = [
  { name: 'orders-1', kind: 'orders', portVar: 'ORDERS_PORT' },
  { name: 'orders-2', kind: 'orders', portVar: 'ORDERS_PORT' },
  { name: 'analytics-1', kind: 'analytics', portVar: 'ANALYTICS_PORT' },
  { name: 'analytics-2', kind: 'analytics', portVar: 'ANALYTICS_PORT' },
  { name: 'gateway', kind: 'api-gateway', portVar: 'PORT' },
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
    for (const replica of REPLICAS) this.#procs.set(replica.name, { ...replica, port: await freePort(), child: null });
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
    const log = openSync(this.logFile(proc.name), 'a');
    const child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${proc.kind}/src/main.js`], {
      cwd: root,
      env: { ...this.#env, [proc.portVar]: String(proc.port) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    proc.child = child;
    proc.planned = false;
    child.once('exit', (code, signal) => {
      if (this.#stopping || proc.planned) return;
      // Every signal the suite sends is planned; any other one came from outside.
      const cause = signal ? `${signal}, not sent by the suite` : `exit ${code}`;
      this.crashes.push({ name: proc.name, cause, at: new Date(), lastLines: this.#tail(proc.name) });
      setTimeout(() => !this.#stopping && this.#spawn(proc), 500);
    });
  }

  #tail(name) {
    try {
      return readFileSync(this.logFile(name), 'utf8').trimEnd().split('\n').slice(-5).join('\n');
    } catch {
      return '';
    }
  }

  /** `kill -9` of one replica, then the same replica started again. */
  async kill9AndRestart(name) {
    const proc = this.#procs.get(name);
    proc.planned = true;
    const exited = new Promise((r) => proc.child.once('exit', r));
    proc.child.kill('SIGKILL');
    await exited;
    this.#spawn(proc);
  }

  /** Stops the named replicas as a deploy would (SIGTERM): what they had prefetched goes back to their queue. */
  async stopReplicas(names) {
    await Promise.all(names.map((name) => this.#terminate(this.#procs.get(name))));
  }

  startReplicas(names) {
    for (const name of names) this.#spawn(this.#procs.get(name));
  }

  async #terminate(proc) {
    const child = proc.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    proc.planned = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Readiness of one replica; `why` keeps the last reason it was not ready, for the notes. */
  async isReady(name) {
    const proc = this.#procs.get(name);
    try {
      const res = await fetch(`http://127.0.0.1:${proc.port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      const body = await res.text();
      if (!res.ok) proc.why = body.slice(0, 200);
      return res.ok;
    } catch (error) {
      proc.why = error.cause?.code ?? error.message;
      return false;
    }
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
