// The built services and how to run one as a process: its entry file, its port, its Node flags,
// when it is ready and how it stops. `npm start`, the benchmark, the fault suite and the tests that
// run processes start services only through this module. The Dockerfile, docker-compose.yml and
// deploy/k8s/ cannot import it: they carry the same heap figures, and test/deploy checks that they do.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';

export const ROOT = new URL('..', import.meta.url).pathname;

// Heap bounds that keep each service near 200 MB resident under load: with V8's defaults a service
// reached 210-310 MB; a smaller young generation (8 MB semi-spaces) and an old space of 160 MB (the
// live heap after a full GC is 40-55 MB) keep them under 200 MB at the same throughput, for more
// frequent (cheap) collections. Analytics holds no history in memory either: its rebuild runs in
// PostgreSQL, its projection upgrade and drain go in bounded batches. Its young generation is twice
// the others': a batch of 256 events is short-lived garbage, and with 8 MB semi-spaces a quarter of
// its time draining a backlog went to the collector; 16 MB takes a fifth off its CPU per event for
// about 13 MB more resident (32 MB took no more off and went past 200 MB).
const SEMI_SPACE_MB = 8;
const ANALYTICS_SEMI_SPACE_MB = 16;
const OLD_SPACE_MB = 160;

const service = (name, portVariable, defaultPort, oldSpaceMb, semiSpaceMb = SEMI_SPACE_MB) => ({
  name,
  entry: `dist/apps/${name}/src/main.js`,
  portVariable,
  defaultPort,
  heapFlags: [`--max-semi-space-size=${semiSpaceMb}`, ...(oldSpaceMb ? [`--max-old-space-size=${oldSpaceMb}`] : [])],
});

/** In the order a stack starts them: the gateway opens once orders and analytics answer. */
export const SERVICES = [
  service('orders', 'ORDERS_PORT', 3001, OLD_SPACE_MB),
  service('analytics', 'ANALYTICS_PORT', 3002, OLD_SPACE_MB, ANALYTICS_SEMI_SPACE_MB),
  service('api-gateway', 'PORT', 3000, OLD_SPACE_MB),
];

export function serviceNamed(name) {
  const found = SERVICES.find((s) => s.name === name);
  if (!found) throw new Error(`no service ${name}; the services are ${SERVICES.map((s) => s.name).join(', ')}`);
  return found;
}

/** `node` followed by these runs the built service as production does. */
export const nodeArguments = (name) => ['--enable-source-maps', ...serviceNamed(name).heapFlags, serviceNamed(name).entry];

/** The port a service listens on with this environment: its variable, else its default. */
export const portIn = (name, env) => Number(env[serviceNamed(name).portVariable] || serviceNamed(name).defaultPort);

/** Whether the service on `port` answers ready now, and if not, why. */
export async function readiness(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
    if (res.ok) return { ready: true };
    return { ready: false, why: (await res.text()).slice(0, 200) };
  } catch (error) {
    return { ready: false, why: error.cause?.code ?? error.message };
  }
}

/** A port free on the loopback interface at the time of asking. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function lastLines(file, count = 10) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '(no log)';
  }
}

const running = (child) => child.pid !== undefined && child.exitCode === null && child.signalCode === null;

/**
 * Starts one service as a process; `ready()` and `stop()` on the answer.
 *   env    its environment (default this process's); `port`, if given, goes into its port variable
 *   log    a file to append its output to; without one it writes to this process's terminal
 *   watch  from the sources under `nest start --watch` instead of dist/ (npm run start:dev)
 *   nodeFlags  more Node flags, ahead of the service's own (the benchmark's inspector for --profile)
 */
export function startService(name, { env = process.env, port, log, watch = false, nodeFlags = [] } = {}) {
  const definition = serviceNamed(name);
  const serviceEnv = port === undefined ? env : { ...env, [definition.portVariable]: String(port) };
  const fd = log === undefined ? undefined : openSync(log, 'a');
  // In watch mode the CLI leads a process group of its own (CLI, compiler, service), so that a stop
  // reaches the service even when the CLI has gone without passing the signal on. The CLI runs
  // itself, not through npx, and the service without a shell: a stop must reach each of them.
  const args = watch
    ? [`${ROOT}node_modules/@nestjs/cli/bin/nest.js`, 'start', name, '--watch', '--preserveWatchOutput', '--no-shell']
    : [...nodeFlags, ...nodeArguments(name)];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: serviceEnv,
    stdio: fd === undefined ? 'inherit' : ['ignore', fd, fd],
    detached: watch,
  });
  if (fd !== undefined) closeSync(fd);
  const servicePort = portIn(name, serviceEnv);
  const signal = (sig) => {
    try {
      if (watch) process.kill(-child.pid, sig);
      else if (running(child)) child.kill(sig);
    } catch {
      // Gone already.
    }
  };
  if (watch) child.once('exit', () => signal('SIGTERM'));
  return {
    name,
    child,
    port: servicePort,
    url: `http://127.0.0.1:${servicePort}`,
    running: () => running(child),
    /** Resolves once it answers ready; rejects, with its last log lines, if it exits first or takes longer. */
    async ready({ timeoutMs = watch ? 180_000 : 60_000 } = {}) {
      const started = Date.now();
      for (;;) {
        if (!running(child))
          throw new Error(`${name} exited (${child.signalCode ?? child.exitCode}) before it was ready${logTail()}`);
        if ((await readiness(servicePort)).ready) return;
        if (Date.now() - started > timeoutMs) throw new Error(`${name} was not ready within ${timeoutMs / 1000} s${logTail()}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    /** SIGTERM, and SIGKILL if its graceful shutdown has not ended within `graceMs`: never left behind. */
    async stop({ graceMs = 10_000 } = {}) {
      if (!running(child)) return;
      const exited = new Promise((r) => child.once('exit', r));
      signal('SIGTERM');
      const force = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(force);
    },
  };

  function logTail() {
    return log === undefined ? '; see its output above' : `; its log, last lines:\n${lastLines(log, 30)}`;
  }
}
