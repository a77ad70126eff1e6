// Each test run gets a database and a RabbitMQ vhost of its own, named oms_test_<time>_<pid>,
// so runs never see each other's data and every queue and exchange keeps its production name.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const PREFIX = 'oms_test_';
const STALE_MS = 6 * 3600_000;

export const adminDatabaseUrl = () => {
  const url = new URL(process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  return url;
};
export const brokerUrl = () => new URL(process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672');

export const newRunName = () => `${PREFIX}${Date.now().toString(36)}_${process.pid}`;
/** The database and vhost names of a run's workers 1 to `count`. */
export const workerNames = (runName, count) => Array.from({ length: count }, (_, i) => `${runName}_w${i + 1}`);
// Only names this file made (oms_test_<base-36 time>_<pid>, and the scratch databases and vhosts tests derive
// from them with a suffix) are ever cleaned up, and only old ones: a run killed mid-way leaves them behind.
const RUN_NAME = /^oms_test_([0-9a-z]{8,9})_(\d+)(?:_[a-z0-9_]+)?$/;
const isStale = (name) => {
  const match = RUN_NAME.exec(name);
  const stamp = match ? parseInt(match[1], 36) : NaN;
  return stamp > Date.parse('2024-01-01') && Date.now() - stamp > STALE_MS;
};

async function withAdmin(fn) {
  const client = new pg.Client({ connectionString: adminDatabaseUrl().toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name) {
  await withAdmin(async (client) => {
    const { rows } = await client.query(`select datname from pg_database where datname like '${PREFIX}%'`);
    for (const { datname } of rows.filter((r) => isStale(r.datname))) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
    await client.query(`create database "${name}"`);
  });
  const url = adminDatabaseUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(name) {
  if (!name.startsWith(PREFIX)) throw new Error(`refusing to drop ${name}: not a test database`);
  await withAdmin((client) => client.query(`drop database if exists "${name}" with (force)`));
}

/** Every database named after the run (its workers', the template, scratch ones a failed test could not drop). */
export async function dropDatabasesOfRun(runName) {
  if (!runName.startsWith(PREFIX)) throw new Error(`refusing to drop databases of ${runName}: not a test run`);
  await withAdmin(async (client) => {
    const { rows } = await client.query(`select datname from pg_database where left(datname, length($1) + 1) = $1 || '_'`, [
      runName,
    ]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  });
}

/** rabbitmqctl where the broker is local; the management API (port 15672) otherwise. */
async function vhostCommand(action, name) {
  try {
    if (action === 'add') {
      // One rabbitmqctl (each starts an Erlang VM, most of a second) adds the vhost and the permissions.
      const user = decodeURIComponent(brokerUrl().username || 'guest');
      const definitions = join(tmpdir(), `${name}_${randomUUID()}.json`);
      await writeFile(
        definitions,
        JSON.stringify({
          vhosts: [{ name }],
          permissions: [{ user, vhost: name, configure: '.*', write: '.*', read: '.*' }],
        }),
      );
      try {
        await run('rabbitmqctl', ['-q', 'import_definitions', definitions]);
      } finally {
        await rm(definitions, { force: true });
      }
    } else {
      await run('rabbitmqctl', ['-q', 'delete_vhost', name]);
    }
    return;
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  const broker = brokerUrl();
  const api = `http://${broker.hostname}:15672/api`;
  const auth = 'Basic ' + Buffer.from(`${broker.username || 'guest'}:${broker.password || 'guest'}`).toString('base64');
  const call = (method, path, body) =>
    fetch(`${api}${path}`, { method, headers: { authorization: auth, 'content-type': 'application/json' }, body });
  if (action === 'add') {
    await call('PUT', `/vhosts/${name}`);
    await call(
      'PUT',
      `/permissions/${name}/${broker.username || 'guest'}`,
      JSON.stringify({ configure: '.*', write: '.*', read: '.*' }),
    );
  } else {
    await call('DELETE', `/vhosts/${name}`);
  }
}

export async function createVhost(name) {
  await vhostCommand('add', name);
  const url = brokerUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

export const deleteVhost = (name) => vhostCommand('delete', name);

async function listVhosts() {
  try {
    const { stdout } = await run('rabbitmqctl', ['-q', 'list_vhosts', 'name']);
    return stdout.split('\n').map((s) => s.trim());
  } catch {
    return [];
  }
}

export const listStaleVhosts = async () => (await listVhosts()).filter((n) => n.startsWith(PREFIX) && isStale(n));

/** Every vhost named after the run: its workers' and the scratch ones of a worker that died before deleting them. */
export async function listVhostsOfRun(runName) {
  if (!runName.startsWith(PREFIX)) throw new Error(`refusing to list vhosts of ${runName}: not a test run`);
  return (await listVhosts()).filter((n) => n.startsWith(`${runName}_`));
}
