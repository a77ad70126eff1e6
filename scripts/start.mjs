#!/usr/bin/env node
// Starts the whole stack on this machine: checks PostgreSQL and RabbitMQ, creates the database,
// makes API keys on the first run, builds, then runs the three services until Ctrl-C.
// Each service applies its own migrations when it starts.
// --watch (npm run start:dev): each service runs under `nest start <app> --watch` instead, which
// recompiles and restarts it when one of its files (or a library's) changes.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';

const root = new URL('..', import.meta.url).pathname;
const envFile = `${root}.env`;

function loadEnvFile() {
  if (!existsSync(envFile)) {
    const key = () => randomBytes(18).toString('base64url');
    const keys = ['channel', 'staff', 'analyst', 'internal', 'admin'].map((r) => `${r}:${key()}`).join(',');
    writeFileSync(
      envFile,
      `# Made by npm start on its first run. One key per role: role:key, comma-separated.\nAPI_KEYS=${keys}\n`,
      { mode: 0o600 },
    );
    console.log(`Created .env with a new API key per role (see API_KEYS in ${envFile}).`);
  }
  // Variables already set in the environment win over the file.
  process.loadEnvFile(envFile);
}

const HOW_TO_START = `Start them with either
  docker compose up -d postgres rabbitmq
or, where they are installed on this machine,
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  rabbitmq-server -detached`;

function fail(message) {
  console.error(`\n${message}\n\n${HOW_TO_START}\n`);
  process.exit(1);
}

const redact = (url) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function ensureDatabase(databaseUrl) {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    fail(`PostgreSQL is not reachable at ${redact(databaseUrl)} (${error.message}).`);
  }
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (!rowCount) {
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    console.log(`Created database ${name}.`);
  }
  await client.end();
}

function ensureBroker(amqpUrl) {
  const url = new URL(amqpUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 5672) });
    const timer = setTimeout(() => settle('timed out'), 3000);
    // Settle once: the broker resets this probe (it speaks no AMQP), and that must not count.
    function settle(problem) {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      if (problem) fail(`RabbitMQ is not reachable at ${redact(amqpUrl)} (${problem}).`);
      else resolve();
    }
    socket.once('connect', () => settle());
    socket.once('error', (error) => settle(error.message));
  });
}

const services = [
  { name: 'orders', portVar: 'ORDERS_PORT', port: 3001 },
  { name: 'analytics', portVar: 'ANALYTICS_PORT', port: 3002 },
  { name: 'api-gateway', portVar: 'PORT', port: 3000 },
];

async function waitReady(service, children) {
  const port = process.env[service.portVar] ?? service.port;
  for (let i = 0; i < (watch ? 360 : 120); i++) {
    if (children.some((c) => c.exitCode !== null)) return false;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (res.ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

loadEnvFile();
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/orders';
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
await ensureDatabase(databaseUrl);
await ensureBroker(amqpUrl);

const watch = process.argv.includes('--watch');
if (!watch) {
  console.log('Building…');
  const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// The kitchen display and dashboard; in watch mode Vite rebuilds them on change (a page reload shows it).
const web = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (web.status !== 0) process.exit(web.status ?? 1);

// Heap bounds that keep each service near 200 MB resident under load: with V8's defaults a service
// reached 210-310 MB; a smaller young generation (8 MB semi-spaces) and, for the gateway and orders,
// whose live heap after a full GC is 40-55 MB, an old space of 160 MB keep them under 200 MB at the
// same throughput, for more frequent (cheap) collections. Analytics keeps V8's old space: a rebuild
// holds every customer's totals in memory.
const NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=8'];
const nodeFlagsOf = (service) => (service === 'analytics' ? NODE_FLAGS : [...NODE_FLAGS, '--max-old-space-size=160']);

const command = (service) =>
  watch
    ? // The CLI itself, not through npx, and the service without a shell: a stop must reach each of them.
      [
        process.execPath,
        [`${root}node_modules/@nestjs/cli/bin/nest.js`, 'start', service.name, '--watch', '--preserveWatchOutput', '--no-shell'],
      ]
    : [process.execPath, [...nodeFlagsOf(service.name), `dist/apps/${service.name}/src/main.js`]];

const webWatcher = watch
  ? spawn(
      process.execPath,
      [`${root}node_modules/vite/bin/vite.js`, 'build', '--watch', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: root,
        stdio: 'inherit',
      },
    )
  : undefined;
process.on('exit', () => webWatcher?.kill('SIGTERM'));

const children = services.map((service) => {
  const [file, args] = command(service);
  // In watch mode each CLI leads a process group of its own (CLI, compiler, service), so that a stop
  // reaches the service even when the CLI has gone without passing the signal on.
  const child = spawn(file, args, { cwd: root, env: process.env, stdio: 'inherit', detached: watch });
  child.on('exit', (code, signal) => {
    if (watch) signalGroup(child, 'SIGTERM');
    if (!stopping) {
      console.error(`${service.name} exited (${signal ?? code}); stopping the stack.`);
      stop(code || 1);
    }
  });
  return child;
});

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const child of running) child.kill('SIGTERM');
  // A service that has not finished its graceful shutdown in time is killed, never left behind.
  const force = setTimeout(() => {
    for (const child of running) {
      if (watch) signalGroup(child, 'SIGKILL');
      else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 10_000);
  Promise.all(running.map((c) => new Promise((r) => c.once('exit', r)))).then(() => {
    clearTimeout(force);
    process.exit(code);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

for (const service of services) {
  if (!(await waitReady(service, children))) {
    console.error(`${service.name} did not become ready; see its log above.`);
    stop(1);
    break;
  }
}
if (!stopping) {
  const port = process.env.PORT ?? 3000;
  console.log(`
The stack is up.
  API        http://localhost:${port}/v1/orders   (keys: API_KEYS in .env)
  Swagger    http://localhost:${port}/docs
  Kitchen    http://localhost:${port}/kitchen     (staff key)
  Dashboard  http://localhost:${port}/dashboard   (analyst key)
  Health     http://localhost:${port}/health/ready, :${process.env.ORDERS_PORT ?? 3001}/health/ready, :${process.env.ANALYTICS_PORT ?? 3002}/health/ready
Press Ctrl-C to stop.`);
}
