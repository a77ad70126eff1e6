import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { DEFAULT_AMQP_URL, DEFAULT_DATABASE_URL, FAIRNESS_LIMIT, ROOT, stackEnvironment } from './environment.js';
import { createDatabase, createVhost, deleteVhost, dropDatabase } from './isolation.js';
import { assertLoopback } from './options.js';
import { peakRssMb, pidListeningOn } from './proc.js';
import type { RunningService, ServiceName } from '../../scripts/services.mjs';

export type { ServiceName };
type Services = typeof import('../../scripts/services.mjs');
// How the services run, as `npm start` and the deployment run them (heap bounds included). Read
// from the repository, not dist/: the compiled benchmark does not hold a copy of it.
const { SERVICES, freePort, startService } = (await import(pathToFileURL(`${ROOT}scripts/services.mjs`).href)) as Services;

export interface Keys {
  create: string;
  staff: string;
  analyst: string;
  /** Only in a stack the benchmark started: two channel keys under RATE_LIMITS, for the fairness phase. */
  flood?: string;
  quiet?: string;
  /** Only in a stack the benchmark started: webhook administration, for the webhooks phase. */
  admin?: string;
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
  /**
   * Only in a stack the benchmark started: analytics can be stopped to build a backlog, and started
   * again with variables of its own (webhooks switched on, say).
   */
  analytics?: { stop(): Promise<void>; start(env?: Record<string, string>): Promise<void> };
  /** Only in a stack started to be profiled: each service's inspector port on the loopback. */
  inspectorPorts?: Map<ServiceName, number>;
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
export async function startStack(name: string, keep: boolean, register: Register, inspect = false): Promise<Stack> {
  const env = stackEnvironment();
  const serverUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const brokerUrl = env.AMQP_URL || DEFAULT_AMQP_URL;
  assertLoopback(serverUrl, 'DATABASE_URL');
  assertLoopback(brokerUrl, 'AMQP_URL');
  const key = () => randomBytes(18).toString('base64url');
  const keys = { create: key(), staff: key(), analyst: key(), flood: key(), quiet: key(), admin: key() };
  const [port, ordersPort, analyticsPort] = await Promise.all([freePort(), freePort(), freePort()]);
  // Each removal is registered before its creation, so an interrupted creation is undone too.
  if (!keep) register(() => dropDatabase(serverUrl, name));
  const databaseUrl = await createDatabase(serverUrl, name);
  if (!keep) register(() => deleteVhost(brokerUrl, name));
  const amqpUrl = await createVhost(brokerUrl, name);
  const logFile = `${tmpdir()}/${name}.log`;
  register(async () => {
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
    // Creates go with an internal key, which RATE_LIMITS leaves alone; the two channel keys are limited.
    API_KEYS:
      `internal:${keys.create},staff:${keys.staff},analyst:${keys.analyst},channel:${keys.flood},channel:${keys.quiet},` +
      `admin:${keys.admin}`,
    RATE_LIMITS: `channel:${FAIRNESS_LIMIT.perSecond}/${FAIRNESS_LIMIT.burst}`,
    // Far beyond the run: no acceptance timeout fires and adds changes of its own mid-phase.
    ORDER_ACCEPT_TIMEOUT_MS: String(3_600_000),
    LOG_LEVEL: env.LOG_LEVEL || 'info',
    // The webhooks phase's endpoint is on the loopback; webhooks stay off until it gives analytics a key.
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  };
  const services = new Map<ServiceName, RunningService>();
  const peaks = new Map<ServiceName, number>();
  const notePeaks = () => {
    for (const [name, service] of services) {
      const mb = service.child.pid === undefined ? undefined : peakRssMb(service.child.pid);
      if (mb !== undefined) peaks.set(name, Math.max(peaks.get(name) ?? 0, mb));
    }
  };
  const inspectorPorts = inspect ? new Map<ServiceName, number>() : undefined;
  for (const { name: service } of inspect ? SERVICES : []) inspectorPorts!.set(service, await freePort());
  const nodeFlagsOf = (service: ServiceName) => (inspectorPorts ? [`--inspect=127.0.0.1:${inspectorPorts.get(service)}`] : []);
  const launch = (service: ServiceName, extra: Record<string, string> = {}) =>
    services.set(
      service,
      startService(service, { env: { ...serviceEnv, ...extra }, log: logFile, nodeFlags: nodeFlagsOf(service) }),
    );
  const stop = async (service: ServiceName) => {
    if (!services.get(service)?.running()) return;
    notePeaks();
    await services.get(service)!.stop();
  };
  register(async () => {
    await Promise.all(SERVICES.map((s) => stop(s.name)));
  });

  for (const { name } of SERVICES) launch(name);
  for (const { name } of SERVICES) await services.get(name)!.ready();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    keys,
    databaseUrl,
    amqpUrl,
    pids: () => new Map([...services].filter(([, s]) => s.running()).map(([n, s]) => [n, s.child.pid!])),
    peakRss: () => {
      notePeaks();
      return new Map(peaks);
    },
    inspectorPorts,
    analytics: {
      stop: () => stop('analytics'),
      start: async (extra?: Record<string, string>) => {
        launch('analytics', extra);
        await services.get('analytics')!.ready();
      },
    },
  };
}
