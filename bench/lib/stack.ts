import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { DEFAULT_AMQP_URL, DEFAULT_DATABASE_URL, ROOT, stackEnvironment } from './environment.js';
import { createDatabase, createVhost, deleteVhost, dropDatabase } from './isolation.js';
import { assertLoopback } from './options.js';
import { peakRssMb, pidListeningOn } from './proc.js';
import { sleep } from './stats.js';

/** The services' Node flags, as `npm start` and the deployment use them (heap bounds: see scripts/start.mjs). */
const NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=8'];
const nodeFlagsOf = (service: string) => (service === 'analytics' ? NODE_FLAGS : [...NODE_FLAGS, '--max-old-space-size=160']);

export const SERVICES = ['api-gateway', 'orders', 'analytics'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface Keys {
  create: string;
  staff: string;
  analyst: string;
}

/** The stack under load: one the benchmark started, or one already running. */
export interface Stack {
  baseUrl: string;
  keys: Keys;
  databaseUrl: string;
  /** The stack's vhost, to read queue depths. */
  amqpUrl: string;
  /** The services' current processes (a restarted one has a new pid). */
  pids(): Map<ServiceName, number>;
  /** Peak resident memory of each service so far, over all of its processes, in MB. */
  peakRss(): Map<ServiceName, number>;
  /** Only in a stack the benchmark started: analytics can be stopped to build a backlog. */
  analytics?: { stop(): Promise<void>; start(): Promise<void> };
}

/** Attaches to a running stack: keys, database and ports from the environment or `.env`, as `npm start` uses them. */
export function attachStack(baseUrl: string): Stack {
  const env = stackEnvironment();
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const amqpUrl = env.AMQP_URL || DEFAULT_AMQP_URL;
  assertLoopback(databaseUrl, 'DATABASE_URL');
  assertLoopback(amqpUrl, 'AMQP_URL');
  const ports = new Map<ServiceName, number>([
    ['api-gateway', Number(new URL(baseUrl).port || 80)],
    ['orders', Number(env.ORDERS_PORT || 3001)],
    ['analytics', Number(env.ANALYTICS_PORT || 3002)],
  ]);
  const pids = () => {
    const found = new Map<ServiceName, number>();
    for (const [name, port] of ports) {
      const pid = pidListeningOn(port);
      if (pid !== undefined) found.set(name, pid);
    }
    return found;
  };
  return {
    baseUrl,
    keys: keysOf(env.API_KEYS ?? ''),
    databaseUrl,
    amqpUrl,
    pids,
    peakRss: () => new Map([...pids()].map(([name, pid]) => [name, peakRssMb(pid) ?? 0])),
  };
}

/** Unscoped keys only: a brand-scoped key would see part of the analytics figures. */
function keysOf(apiKeys: string): Keys {
  const byRole = new Map<string, string>();
  for (const pair of apiKeys.split(',')) {
    const [role, key, brands] = pair.trim().split(':');
    if (role && key && brands === undefined && !byRole.has(role)) byRole.set(role, key);
  }
  const pick = (...roles: string[]) => {
    for (const role of roles) if (byRole.has(role)) return byRole.get(role)!;
    throw new Error(`API_KEYS (environment or .env) has no unscoped key for any of ${roles.join(', ')}`);
  };
  return {
    create: pick('channel', 'internal', 'admin'),
    staff: pick('staff', 'internal', 'admin'),
    analyst: pick('analyst', 'admin'),
  };
}

/** Something to undo when the run ends; undone last registered first. */
export type Register = (cleanup: () => Promise<void>) => void;

/**
 * Starts the services from dist/ (built by `npm run bench`) on a database and vhost named after
 * the run, with their own ports and keys. Registers, as it goes, how to stop them and remove
 * both, so that a failed start or a Ctrl-C leaves nothing behind.
 */
export async function startStack(name: string, keep: boolean, register: Register): Promise<Stack> {
  const env = stackEnvironment();
  const serverUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const brokerUrl = env.AMQP_URL || DEFAULT_AMQP_URL;
  assertLoopback(serverUrl, 'DATABASE_URL');
  assertLoopback(brokerUrl, 'AMQP_URL');
  const key = () => randomBytes(18).toString('base64url');
  const keys = { create: key(), staff: key(), analyst: key() };
  const [port, ordersPort, analyticsPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const ports = new Map<ServiceName, number>([
    ['api-gateway', port],
    ['orders', ordersPort],
    ['analytics', analyticsPort],
  ]);
  // Each removal is registered before its creation, so an interrupted creation is undone too.
  if (!keep) register(() => dropDatabase(serverUrl, name));
  const databaseUrl = await createDatabase(serverUrl, name);
  if (!keep) register(() => deleteVhost(brokerUrl, name));
  const amqpUrl = await createVhost(brokerUrl, name);
  const logFile = `${tmpdir()}/${name}.log`;
  const log = openSync(logFile, 'a');
  register(async () => {
    closeSync(log);
    if (!keep) rmSync(logFile, { force: true });
    else console.log(`kept: database and vhost ${name}, service logs ${logFile}`);
  });

  const serviceEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AMQP_URL: amqpUrl,
    PORT: String(port),
    ORDERS_PORT: String(ordersPort),
    ANALYTICS_PORT: String(analyticsPort),
    API_KEYS: `channel:${keys.create},staff:${keys.staff},analyst:${keys.analyst}`,
    // Far beyond the run: no acceptance timeout fires and adds changes of its own mid-phase.
    ORDER_ACCEPT_TIMEOUT_MS: String(3_600_000),
    LOG_LEVEL: env.LOG_LEVEL || 'info',
  };
  const children = new Map<ServiceName, ChildProcess>();
  const peaks = new Map<ServiceName, number>();
  const notePeaks = () => {
    for (const [name, child] of children) {
      const mb = child.pid === undefined ? undefined : peakRssMb(child.pid);
      if (mb !== undefined) peaks.set(name, Math.max(peaks.get(name) ?? 0, mb));
    }
  };
  const launch = (service: ServiceName) => {
    const child = spawn(process.execPath, [...nodeFlagsOf(service), `dist/apps/${service}/src/main.js`], {
      cwd: ROOT,
      env: serviceEnv,
      stdio: ['ignore', log, log],
    });
    children.set(service, child);
    return child;
  };
  const ready = async (service: ServiceName) => {
    const child = children.get(service)!;
    for (let i = 0; i < 240; i++) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      try {
        if ((await fetch(`http://127.0.0.1:${ports.get(service)}/health/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`${service} did not become ready; its log, last lines:\n${tail(logFile)}`);
  };
  const stop = async (service: ServiceName) => {
    const child = children.get(service);
    if (!child || !running(child)) return;
    notePeaks();
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    // A service that has not finished its graceful shutdown in time is killed, never left behind.
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  };
  register(async () => {
    await Promise.all(SERVICES.map(stop));
  });

  for (const service of SERVICES) launch(service);
  for (const service of SERVICES) await ready(service);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    keys,
    databaseUrl,
    amqpUrl,
    pids: () => new Map([...children].filter(([, c]) => running(c)).map(([n, c]) => [n, c.pid!])),
    peakRss: () => {
      notePeaks();
      return new Map(peaks);
    },
    analytics: {
      stop: () => stop('analytics'),
      start: async () => {
        launch('analytics');
        await ready('analytics');
      },
    },
  };
}

const running = (child: ChildProcess) => child.pid !== undefined && child.exitCode === null && child.signalCode === null;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
