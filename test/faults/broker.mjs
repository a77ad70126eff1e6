// The fault suite's view of RabbitMQ: rabbitmqctl for what only the broker knows (connections,
// unacknowledged messages), always limited to the suite's own vhost.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Connections the suite itself opens carry this name prefix, so closing "the stack's" spares them. */
export const SUITE_CONNECTION_PREFIX = 'fault-suite';

async function ctl(args) {
  const { stdout } = await run('rabbitmqctl', ['-q', '--no-table-headers', ...args], { maxBuffer: 16 << 20 });
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => line.split('\t'));
}

/** Every connection of `vhost` not opened by the suite: `{ name, pid, clientName }`. */
export async function stackConnections(vhost) {
  const rows = await ctl(['list_connections', 'vhost', 'name', 'pid', 'client_properties']);
  return rows
    .filter(([v]) => v === vhost)
    .map(([, name, pid, props]) => ({ name, pid, clientName: /connection_name","?([^"]*)"/.exec(props)?.[1] ?? '' }))
    .filter((c) => !c.clientName.startsWith(SUITE_CONNECTION_PREFIX));
}

export async function closeConnection(pid, reason) {
  await run('rabbitmqctl', ['-q', 'close_connection', pid, reason]);
}

/** `name -> { ready, unacked }` for every queue of `vhost`. */
export async function queueDepths(vhost) {
  const rows = await ctl(['list_queues', '-p', vhost, 'name', 'messages_ready', 'messages_unacknowledged']);
  return new Map(rows.map(([name, ready, unacked]) => [name, { ready: Number(ready), unacked: Number(unacked) }]));
}

/** Work queues and their retry queues: where a message still waits to be handled. */
export const isPendingQueue = (name) => /^(orders|analytics)\.(commands|queries|events)(\.retry\.\d+)?$/.test(name);
export const isDeadLetterQueue = (name) => name.endsWith('.dlq');
