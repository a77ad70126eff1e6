#!/usr/bin/env node
// Starts the whole stack on this machine: checks PostgreSQL and RabbitMQ, creates the database,
// makes API keys on the first run, builds, then runs the three services until Ctrl-C.
// Each service applies its own migrations when it starts.
// --watch (npm run start:dev): each service runs under `nest start <app> --watch` instead, which
// recompiles and restarts it when one of its files (or a library's) changes. How a service is run,
// waited for and stopped: scripts/services.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { SERVICES, startService } from './services.mjs';

const root = new URL('..', import.meta.url).pathname;
const envFile = `${root}.env`;

function loadEnvFile() {
  if (!existsSync(envFile)) {
    const key = () => randomBytes(18).toString('base64url');
    const keys = ['channel', 'staff', 'analyst', 'internal', 'admin'].map((r) => `${r}:${key()}`).join(',');
    writeFileSync(
      envFile,
      `# Made by npm start on its first run. One key per role: role:key, comma-separated.\nAPI_KEYS=${keys}\n` +
        `# Seals the webhook signing secrets at rest (README "Webhooks": how to rotate it).\n` +
        `WEBHOOK_SECRET_KEY=${randomBytes(32).toString('base64')}\n`,
      { mode: 0o600 },
    );
    console.log(`Created .env with a new API key per role (see API_KEYS in ${envFile}) and a webhook secret key.`);
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

const services = SERVICES.map(({ name }) => startService(name, { watch }));
let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  Promise.all(services.map((s) => s.stop())).then(() => process.exit(code));
}
for (const service of services) {
  service.child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${service.name} exited (${signal ?? code}); stopping the stack.`);
    stop(code || 1);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

for (const service of services) {
  try {
    await service.ready();
  } catch (error) {
    if (!stopping) {
      console.error(`${error.message}.`);
      stop(1);
    }
    break;
  }
}
if (!stopping) {
  const [orders, analytics, gateway] = services.map((s) => s.port);
  console.log(`
The stack is up.
  API        http://localhost:${gateway}/v1/orders   (keys: API_KEYS in .env)
  Swagger    http://localhost:${gateway}/docs
  Kitchen    http://localhost:${gateway}/kitchen     (staff key)
  Dashboard  http://localhost:${gateway}/dashboard   (analyst key)
  Health     http://localhost:${gateway}/health/ready, :${orders}/health/ready, :${analytics}/health/ready
Press Ctrl-C to stop.`);
}
