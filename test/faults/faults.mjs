// The faults, each injected while the load runs. `inject` returns once the fault is over (the
// killed process started again, the connections closed, the database open again, the messages
// published); an optional `outcome()` is asked after the stack drained, for the row's notes.
import amqplib from 'amqplib';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { closeConnection, queueDepths, stackConnections, SUITE_CONNECTION_PREFIX } from './broker.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const run = promisify(execFile);

export function killAndRestart(name) {
  return {
    name: `kill -9 ${name}`,
    inject: async ({ stack }) => {
      await stack.kill9AndRestart(name);
    },
  };
}

/**
 * Archiving under load. The run's services have ORDER_RETENTION_DAYS=1, so nothing of a run that
 * takes minutes is due; here every order ended so far is made to have ended two days ago, and
 * `orders-1` restarts as a deploy would (SIGTERM), its start-up sweep moving those orders to the
 * archive while the clients go on. Every check reads both schemas (`both` in check.mjs), so the
 * recomputed analytics must still equal what the API answers.
 */
export function archiveEndedOrders() {
  return {
    name: 'archive ended orders',
    inject: async ({ stack, db }) => {
      const { rowCount: due } = await db.query(
        `UPDATE orders.orders SET terminal_at = terminal_at - interval '2 days' WHERE terminal_at IS NOT NULL`,
      );
      await stack.stopReplicas(['orders-1']);
      stack.startReplicas(['orders-1']);
      const archived = async () => (await db.query('SELECT count(*)::int AS n FROM orders_archive.orders')).rows[0].n;
      // The sweep leaves an order whose events are not all published yet to a later sweep: most go now.
      for (const until = Date.now() + 60_000; (await archived()) < due / 2 && Date.now() < until;) await sleep(500);
      const moved = await archived();
      const outcome = () => `${moved} of ${due} ended orders archived`;
      return due > 0 && moved === 0 ? { outcome, failure: `nothing archived: ${outcome()}` } : { outcome };
    },
  };
}

/**
 * One replica frozen (SIGSTOP) for `seconds` under load, its connections left open: the others must
 * take its work. After the first 5 s the clients' answered rate must stay at least half of what it
 * was in the 5 s before.
 */
export function freeze(name, seconds) {
  return {
    name: `SIGSTOP ${name} ${seconds} s`,
    inject: async ({ stack, load }) => {
      const frozenAt = performance.now();
      await stack.freeze(name, seconds * 1000);
      const rate = (from, to) => load.answeredAt.filter((t) => t >= from && t < to).length / ((to - from) / 1000);
      const before = rate(frozenAt - 5_000, frozenAt);
      const during = rate(frozenAt + 5_000, frozenAt + seconds * 1000);
      const outcome = () =>
        `answered ${before.toFixed(1)}/s in the 5 s before, ${during.toFixed(1)}/s from 5 s into the freeze to its end`;
      return during >= before / 2 ? { outcome } : { outcome, failure: `the answered rate fell below half: ${outcome()}` };
    },
  };
}

/** Every connection the stack holds in its vhost, closed by the broker at once; `rounds` times. */
export function closeBrokerConnections(rounds) {
  return {
    name: rounds === 1 ? 'close broker connections' : `close broker connections x${rounds}`,
    inject: async ({ vhost, stack }) => {
      let closed = 0;
      for (let round = 0; round < rounds; round++) {
        if (round > 0) await stack.waitHealthy(30_000);
        const connections = await stackConnections(vhost);
        await Promise.all(connections.map((c) => closeConnection(c.pid, 'fault suite: connection closed').catch(() => {})));
        closed += connections.length;
      }
      return { outcome: () => `${closed} connections closed` };
    },
  };
}

/**
 * The gateway's own broker connection closed under load, `rounds` times a second apart: its
 * commands in flight lose their channel (and their confirms); the clients' answers must stay true.
 */
export function closeGatewayConnection(rounds) {
  return {
    name: `close gateway connection x${rounds}`,
    inject: async ({ vhost }) => {
      let closed = 0;
      for (let round = 0; round < rounds; round++) {
        if (round > 0) await sleep(1_000);
        const connections = (await stackConnections(vhost)).filter((c) => c.clientName === 'api-gateway');
        await Promise.all(connections.map((c) => closeConnection(c.pid, 'fault suite: connection closed').catch(() => {})));
        closed += connections.length;
      }
      return { outcome: () => `${closed} gateway connections closed` };
    },
  };
}

/**
 * The broker gone for `seconds`, as `rabbitmqctl stop_app` leaves it for clients, but on the suite's
 * own vhost only (the server is shared): its connections closed and new ones refused, then allowed
 * again. Queues and their messages stay, as they do over a real restart.
 */
export function brokerAway(seconds) {
  return {
    name: `broker away ${seconds} s`,
    inject: async ({ vhost }) => {
      await run('rabbitmqctl', ['-q', 'set_vhost_limits', '-p', vhost, '{"max-connections": 0}']);
      let closed = 0;
      try {
        const connections = await stackConnections(vhost);
        await Promise.all(connections.map((c) => closeConnection(c.pid, 'fault suite: broker away').catch(() => {})));
        closed = connections.length;
        await sleep(seconds * 1000);
      } finally {
        await run('rabbitmqctl', ['-q', 'clear_vhost_limits', '-p', vhost]);
      }
      return { outcome: () => `${closed} connections closed, new ones refused for ${seconds} s` };
    },
  };
}

/** The suite's database refuses connections for `seconds`, its open sessions terminated. */
export function databaseOutage(seconds) {
  return {
    name: `database refuses ${seconds} s`,
    inject: async ({ adminUrl, database }) => {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      const ident = `"${database.replace(/"/g, '""')}"`;
      let terminated = 0;
      try {
        await admin.query(`ALTER DATABASE ${ident} ALLOW_CONNECTIONS false`);
        const { rows } = await admin.query(
          'SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [database],
        );
        terminated = rows.filter((r) => r.done).length;
        await sleep(seconds * 1000);
      } finally {
        await admin.query(`ALTER DATABASE ${ident} ALLOW_CONNECTIONS true`);
        await admin.end();
      }
      return { outcome: () => `${terminated} sessions terminated` };
    },
  };
}

async function openChannel(amqpUrl) {
  const connection = await amqplib.connect(amqpUrl, {
    clientProperties: { connection_name: `${SUITE_CONNECTION_PREFIX}-injector` },
  });
  connection.on('error', () => {});
  const channel = await connection.createConfirmChannel();
  return { connection, channel };
}

const REPLY_QUEUE = 'fault-suite.replies';

/** Unreadable, wrong-shaped and unknown messages for each consumer, as a buggy or hostile producer sends them. */
function poisonFor(queue) {
  const rpc = () => ({ replyTo: REPLY_QUEUE, correlationId: randomUUID() });
  const nest = (pattern, data) => Buffer.from(JSON.stringify({ pattern, data, id: randomUUID() }));
  const broken = Buffer.from('{"pattern": "orders.create", "data": {"order": ');
  if (queue === 'analytics.events') {
    const event = (extra) => Buffer.from(JSON.stringify({ specversion: '1.0', source: 'fault-suite', ...extra }));
    return [
      { body: broken, options: {} },
      { body: event({ id: 42, type: 'order.created', subject: null, sequence: 'one' }), options: {} },
      {
        body: event({
          id: randomUUID(),
          type: 'order.teleported',
          subject: randomUUID(),
          sequence: 1,
          time: new Date().toISOString(),
          data: {},
        }),
        options: {},
      },
    ];
  }
  const patterns = {
    'orders.commands': ['orders.create', { orderId: 'not-a-uuid', order: { items: 'none' } }],
    'orders.queries': ['orders.get', { orderId: 42 }],
    'analytics.queries': ['analytics.summary', { brandId: { $ne: null } }],
  };
  const [pattern, wrongShape] = patterns[queue] ?? ['unknown', {}];
  return [
    { body: broken, options: rpc() },
    { body: nest(pattern, wrongShape), options: rpc() },
    { body: nest(`${pattern}.no-such-handler`, {}), options: rpc() },
  ];
}

const WORK_QUEUES = ['orders.commands', 'orders.queries', 'analytics.events', 'analytics.queries'];

/**
 * Three poison messages into each consumer's queue: the services' work queues and the gateway's
 * own server-named queues (its event stream and its RPC replies). The notes say where they went.
 */
export function poisonMessages() {
  return {
    name: 'poison messages',
    inject: async ({ amqpUrl, vhost }) => {
      const before = await queueDepths(vhost);
      const gatewayQueues = [...before.keys()].filter((q) => q.startsWith('amq.gen-'));
      const { connection, channel } = await openChannel(amqpUrl);
      await channel.assertQueue(REPLY_QUEUE, { durable: true });
      for (const queue of [...WORK_QUEUES, ...gatewayQueues]) {
        for (const { body, options } of poisonFor(queue)) {
          channel.sendToQueue(queue, body, {
            persistent: true,
            contentType: 'application/json',
            messageId: randomUUID(),
            ...options,
          });
        }
      }
      await channel.waitForConfirms();
      return {
        outcome: async () => {
          const after = await queueDepths(vhost);
          const dlq = (q) => (after.get(`${q}.dlq`)?.ready ?? 0) - (before.get(`${q}.dlq`)?.ready ?? 0);
          const replies = (await channel.checkQueue(REPLY_QUEUE)).messageCount;
          await connection.close().catch(() => {});
          return (
            `dead-lettered of 3 each: ${WORK_QUEUES.map((q) => `${q} ${dlq(q)}`).join(', ')}; ` +
            `${replies} error replies; ${gatewayQueues.length * 3} into ${gatewayQueues.length} gateway queues`
          );
        },
      };
    },
  };
}

function shuffle(items) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Both analytics replicas are stopped while events pile up in their queue (stopped, not frozen: a
 * frozen consumer keeps its whole prefetch window, hundreds of events, out of reach); the pile is
 * taken off the queue, shuffled, a third of it doubled, old events already applied added again,
 * and all of it published back before the replicas start again: the consumer meets those events
 * out of order, some twice.
 */
export function duplicateAndReorderedEvents(pileMs) {
  return {
    name: 'duplicate + reordered events',
    inject: async ({ stack, amqpUrl, tap }) => {
      const analytics = stack.names('analytics');
      await stack.stopReplicas(analytics);
      try {
        await sleep(pileMs);
        const { connection, channel } = await openChannel(amqpUrl);
        const taken = [];
        for (let msg; (msg = await channel.get('analytics.events', { noAck: false }));) taken.push(msg);
        if (taken.length === 0) throw new Error('no events piled up while analytics was stopped: nothing to reorder');
        const again = taken.filter((_, i) => i % 3 === 0);
        const old = shuffle([...tap.events.values()]).slice(0, 200);
        const batch = shuffle([
          ...taken.map((m) => ({ content: m.content, properties: m.properties })),
          ...again.map((m) => ({ content: m.content, properties: m.properties })),
          ...old.map(({ event }) => ({
            content: Buffer.from(JSON.stringify(event)),
            properties: { messageId: event.id, contentType: 'application/json' },
          })),
        ]);
        for (const { content, properties } of batch) {
          channel.sendToQueue('analytics.events', content, { ...properties, headers: {}, persistent: true });
        }
        await channel.waitForConfirms();
        // Only now is the pile safe in the queue again: a crash before this would redeliver it, not lose it.
        if (taken.length) channel.ackAll();
        await connection.close();
        return { outcome: () => `${taken.length} events shuffled, ${again.length + old.length} duplicates` };
      } finally {
        stack.startReplicas(analytics);
      }
    },
  };
}

/**
 * `count` requests with a channel key, all at once, each a body of a 100,000-element array on a
 * route that takes an array (test/faults/hostile-burst.mjs, a process of its own so that the load
 * driver's clients wait only on the stack); the row checks that every one was refused with a 4xx,
 * that the gateway survived and lost nothing, and that the legitimate load's p99 stayed within
 * twice the baseline's.
 */
export function hostileBurst(count, target) {
  return {
    name: `hostile burst (${count} x 100,000)`,
    latencyBound: 2,
    inject: async () => {
      const script = new URL('./hostile-burst.mjs', import.meta.url).pathname;
      const { stdout } = await run(process.execPath, [script, target.gatewayUrl(), target.keys.channel, String(count)]);
      const { answers, slowestMs } = JSON.parse(stdout);
      const summary = Object.entries(answers)
        .map(([status, n]) => `${status}: ${n}`)
        .join(', ');
      const refused = Object.keys(answers).every((status) => /^4\d\d\b/.test(status));
      return {
        outcome: () => `${count} hostile bodies answered ${summary}; slowest ${slowestMs} ms`,
        failure: refused ? null : `a hostile body was not refused with a 4xx (${summary})`,
      };
    },
  };
}
