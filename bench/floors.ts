// The floor under the stack's figures: what this machine's HTTP server, broker and database cost per
// unit of work with none of the project's code in the way. A bare node:http server answering a create
// body, persistent confirmed messages through a durable queue to a consumer that acks each, and
// single-row and 50-row inserts committed from 16 connections. The stack's CPU per order divided by
// these says how much of it is the platform's and how much the project's own.
//
//   npm run bench:floors -- [--seconds 10] [--only http,amqp,pg]
//
// Loopback only, on a database and vhost of its own (removed at the end).
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import amqplib from 'amqplib';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEFAULT_AMQP_URL, DEFAULT_DATABASE_URL } from './lib/environment.js';
import { createDatabase, createVhost, deleteVhost, dropDatabase, newRunName } from './lib/isolation.js';
import { orderBodies } from './lib/orders.js';
import { cpuMs, rabbitPids } from './lib/proc.js';
import { sleep } from './lib/stats.js';

interface Floor {
  unit: string;
  perSecond: number;
  /** CPU per unit of the serving side (the HTTP server, the broker, the database's backends), ms. */
  serverMs: number;
  /** CPU per unit of the calling side (this process: the AMQP publisher and consumer, the database client), ms. */
  clientMs?: number;
}

const MESSAGE = Buffer.alloc(600, 'x');
const IN_FLIGHT = 256;

/** The child's part: a server that reads the body, parses it and answers as an intake would, nothing else. */
function serveHttp(): void {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { channelOrderId?: string };
      const out = JSON.stringify({ id: randomUUID(), status: 'PLACED', channelOrderId: body.channelOrderId });
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
      res.end(out);
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as { port: number }).port }));
}

/** CPU the processes of `pids()` spent while `work` ran, in ms (pids asked again at the end: backends come and go). */
async function cpuOf(pids: () => Promise<number[]> | number[], work: () => Promise<number>) {
  const before = new Map((await pids()).map((p) => [p, cpuMs(p) ?? 0]));
  const self = process.cpuUsage();
  const units = await work();
  const used = process.cpuUsage(self);
  let server = 0;
  for (const pid of await pids()) server += (cpuMs(pid) ?? 0) - (before.get(pid) ?? 0);
  return { units, serverMs: server, clientMs: (used.user + used.system) / 1000 };
}

async function httpFloor(seconds: number): Promise<Floor> {
  const child: ChildProcess = fork(new URL(import.meta.url), ['--serve-http'], { stdio: 'inherit' });
  try {
    const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
    const nextBody = orderBodies(newRunName());
    const bodies = Array.from({ length: 20_000 }, () => nextBody());
    let next = 0;
    const { units, serverMs } = await cpuOf(
      () => [child.pid!],
      async () => {
        const answered = await new Promise<number>((resolve, reject) =>
          autocannon(
            {
              url: `http://127.0.0.1:${port}`,
              connections: 64,
              duration: seconds,
              requests: [
                {
                  method: 'POST',
                  path: '/v1/orders',
                  headers: { 'content-type': 'application/json' },
                  setupRequest: (r) => ({ ...r, body: bodies[next++ % bodies.length] }),
                },
              ],
            },
            (error, result) => (error ? reject(error) : resolve(result['2xx'])),
          ),
        );
        return answered;
      },
    );
    return { unit: 'HTTP request (bare node:http, 64 connections)', perSecond: units / seconds, serverMs: serverMs / units };
  } finally {
    child.kill();
  }
}

async function amqpFloor(amqpUrl: string, seconds: number): Promise<Floor> {
  const connection = await amqplib.connect(amqpUrl);
  try {
    const publisher = await connection.createConfirmChannel();
    const consumer = await connection.createChannel();
    const queue = 'floor.messages';
    await publisher.assertQueue(queue, { durable: true });
    await consumer.prefetch(64);
    let consumed = 0;
    await consumer.consume(queue, (msg) => {
      if (!msg) return;
      consumed++;
      consumer.ack(msg);
    });
    const { units, serverMs, clientMs } = await cpuOf(rabbitPids, async () => {
      const until = performance.now() + seconds * 1000;
      const publishOne = (): Promise<void> =>
        new Promise((resolve, reject) =>
          publisher.sendToQueue(queue, MESSAGE, { persistent: true }, (error) => (error ? reject(error) : resolve())),
        );
      const lane = async () => {
        while (performance.now() < until) await publishOne();
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
      const published = consumed;
      while (consumed < published || (await publisher.checkQueue(queue)).messageCount > 0) await sleep(50);
      return consumed;
    });
    return {
      unit: 'AMQP message (600 B, persistent, confirmed, consumed, acked)',
      perSecond: units / seconds,
      serverMs: serverMs / units,
      clientMs: clientMs / units,
    };
  } finally {
    await connection.close();
  }
}

async function pgFloors(databaseUrl: string, database: string, seconds: number): Promise<Floor[]> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 16 });
  try {
    await pool.query('CREATE TABLE floor_rows (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body jsonb NOT NULL)');
    const body = JSON.stringify({ status: 'PLACED', items: [{ plu: 'P-1', quantity: 1 }] });
    const backends = async () =>
      (await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database])).rows.map(
        (r) => r.pid,
      );
    await Promise.all(Array.from({ length: 16 }, () => pool.query('SELECT 1')));
    const measure = async (rowsPerCommit: number): Promise<Floor> => {
      const rows = Array.from({ length: rowsPerCommit }, () => body);
      const { units, serverMs, clientMs } = await cpuOf(backends, async () => {
        const until = performance.now() + seconds * 1000;
        let commits = 0;
        const lane = async () => {
          for (; performance.now() < until; commits++) {
            await pool.query('INSERT INTO floor_rows (body) SELECT b::jsonb FROM unnest($1::text[]) AS b', [rows]);
          }
        };
        await Promise.all(Array.from({ length: 16 }, lane));
        return commits;
      });
      return {
        unit: `PostgreSQL commit of ${rowsPerCommit} row${rowsPerCommit > 1 ? 's' : ''} (16 connections)`,
        perSecond: units / seconds,
        serverMs: serverMs / units,
        clientMs: clientMs / units,
      };
    };
    return [await measure(1), await measure(50)];
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, only: { type: 'string' } } });
  const seconds = Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`--seconds must be a whole number of at least 1`);
  const only = new Set(values.only?.split(',') ?? ['http', 'amqp', 'pg']);
  const name = newRunName();
  console.log(
    `load average at the start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const floors: Floor[] = [];
  if (only.has('http')) floors.push(await httpFloor(seconds));
  if (only.has('amqp')) {
    const url = await createVhost(process.env.AMQP_URL ?? DEFAULT_AMQP_URL, name);
    try {
      floors.push(await amqpFloor(url, seconds));
    } finally {
      await deleteVhost(process.env.AMQP_URL ?? DEFAULT_AMQP_URL, name);
    }
  }
  if (only.has('pg')) {
    const server = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
    const url = await createDatabase(server, name);
    try {
      floors.push(...(await pgFloors(url, name, seconds)));
    } finally {
      await dropDatabase(server, name);
    }
  }
  console.table(
    floors.map((f) => ({
      unit: f.unit,
      'per second': Math.round(f.perSecond),
      'server CPU, ms each': Number(f.serverMs.toFixed(4)),
      'client CPU, ms each': f.clientMs === undefined ? '' : Number(f.clientMs.toFixed(4)),
    })),
  );
}

if (process.argv.includes('--serve-http')) serveHttp();
else await main();
