import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';

// A run works on a database and RabbitMQ vhosts of its own, named after it, and removes only those.
const run = promisify(execFile);
const PREFIX = 'oms_bench_';

export const newRunName = () => `${PREFIX}${Date.now().toString(36)}_${process.pid}`;

function assertOwn(name: string): void {
  if (!name.startsWith(PREFIX)) throw new Error(`refusing to touch ${name}: not a benchmark database or vhost`);
}

async function withAdmin<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the database on the server of `serverUrl` and returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  assertOwn(name);
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertOwn(name);
  await withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** rabbitmqctl where the broker is local; its management API (port 15672) otherwise. */
async function vhostCommand(brokerUrl: string, action: 'add' | 'delete', name: string): Promise<void> {
  assertOwn(name);
  const broker = new URL(brokerUrl);
  const user = decodeURIComponent(broker.username || 'guest');
  try {
    if (action === 'add') {
      await run('rabbitmqctl', ['-q', 'add_vhost', name]);
      await run('rabbitmqctl', ['-q', 'set_permissions', '-p', name, user, '.*', '.*', '.*']);
    } else {
      await run('rabbitmqctl', ['-q', 'delete_vhost', name]);
    }
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const api = `http://${broker.hostname}:15672/api`;
  const auth = `Basic ${Buffer.from(`${user}:${decodeURIComponent(broker.password || 'guest')}`).toString('base64')}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok && res.status !== 404) throw new Error(`RabbitMQ management API ${method} ${path}: ${res.status}`);
  };
  if (action === 'add') {
    await call('PUT', `/vhosts/${name}`);
    await call('PUT', `/permissions/${name}/${encodeURIComponent(user)}`, { configure: '.*', write: '.*', read: '.*' });
  } else {
    await call('DELETE', `/vhosts/${name}`);
  }
}

/** Creates the vhost on the broker of `brokerUrl` and returns the URL that opens it. */
export async function createVhost(brokerUrl: string, name: string): Promise<string> {
  await vhostCommand(brokerUrl, 'add', name);
  const url = new URL(brokerUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export const deleteVhost = (brokerUrl: string, name: string) => vhostCommand(brokerUrl, 'delete', name);
