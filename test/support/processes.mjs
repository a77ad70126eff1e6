// Built services as OS processes on a database and vhost of their own, as `npm start` runs them:
// what a user of the API, or Prometheus, talks to, each process with its own metrics registry.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { createDatabase, createVhost, deleteVhost, dropDatabase, newRunName } from './isolation.js';

const root = new URL('../..', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

async function waitReady(url, child, log, timeoutMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`exited (${child.exitCode}) before it was ready:\n${tail(log)}`);
    const ok = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s:\n${tail(log)}`);
}

const tail = (file) => readFileSync(file, 'utf8').trimEnd().split('\n').slice(-10).join('\n');

const PORT_VARIABLES = { orders: 'ORDERS_PORT', analytics: 'ANALYTICS_PORT', 'api-gateway': 'PORT' };

/**
 * Starts the given services (default orders and the gateway), in that order, each once ready;
 * answers their base URLs by name and `stop()`, which ends them and removes the database and vhost.
 */
export async function startServices({ keys, logDir, services = ['orders', 'api-gateway'] }) {
  const runName = newRunName();
  const children = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => resolve(clearTimeout(timer)));
            child.kill('SIGTERM');
          }),
      ),
    );
    await dropDatabase(runName).catch((e) => console.error(`could not drop database ${runName}: ${e.message}`));
    await deleteVhost(runName).catch((e) => console.error(`could not delete vhost ${runName}: ${e.message}`));
  };
  try {
    const env = {
      ...process.env,
      DATABASE_URL: await createDatabase(runName),
      AMQP_URL: await createVhost(runName),
      API_KEYS: Object.entries(keys)
        .map(([role, key]) => `${role}:${key}`)
        .join(','),
      LOG_LEVEL: 'warn',
    };
    const run = async (kind) => {
      const port = await freePort();
      const portVar = PORT_VARIABLES[kind];
      const log = `${logDir}/${kind}.log`;
      const fd = openSync(log, 'a');
      const child = spawn(process.execPath, ['--enable-source-maps', `dist/apps/${kind}/src/main.js`], {
        cwd: root,
        env: { ...env, [portVar]: String(port) },
        stdio: ['ignore', fd, fd],
      });
      closeSync(fd);
      children.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitReady(url, child, log);
      return url;
    };
    const urls = {};
    for (const kind of services) urls[kind] = await run(kind);
    return { urls, gatewayUrl: urls['api-gateway'], stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
