import amqplib from 'amqplib';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import request from 'supertest';
import { ANALYTICS_QUERY_QUEUE, ORDERS_COMMAND_QUEUE, ORDERS_QUERY_QUEUE, OrderCommands } from '#contracts';
import { deadLetterQueueOf, retryQueueOf } from '#messaging';
import { createScratchDatabase } from '../orders/support/orders-test-kit.js';
// @ts-expect-error plain JS helper of the test set-up, without type declarations
import { createVhost, deleteVhost, newRunName } from '#test-support/isolation.js';
import { startStack, type Stack } from '#test-support/stack.js';
import { eventually } from '#test-support/wait.js';

const run = promisify(execFile);

/** The broker's connections in one vhost, by their Erlang pid. */
async function connectionsOf(vhost: string): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', ['-q', 'list_connections', 'vhost', 'pid']);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([name, pid]) => name === vhost && pid?.startsWith('<'))
    .map(([, pid]) => pid!);
}

/** Every connection of the vhost closed by the broker, in one rabbitmqctl (each one starts an Erlang VM). */
async function closeConnections(vhost: string, reason: string): Promise<void> {
  await run('rabbitmqctl', ['-q', 'close_all_connections', '--vhost', vhost, reason]);
}

/** The broker and the services recover on their own clock: allow them a minute. */
const until = <T>(check: () => Promise<T>, what: string) => eventually(check, what, 60_000, 100);

/**
 * A stack of its own (database and vhost): closing every broker connection of the vhost must not
 * disturb the suites running beside it.
 */
describe('services whose broker connections are closed', () => {
  let stack: Stack;
  let db: Awaited<ReturnType<typeof createScratchDatabase>>;
  let broker: amqplib.ChannelModel;
  const vhost = newRunName() as string;
  const auth = (role: string) => ({ Authorization: `Bearer ${stack.keys[role]}` });
  const api = () => request(stack.gatewayUrl);
  const body = () => ({
    channelOrderId: `R-${randomUUID()}`,
    brandId: 'resilience-brand',
    customer: { name: 'John Doe' },
    items: [{ plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 }],
  });
  const place = () => api().post('/v1/orders').set(auth('channel')).send(body());

  beforeAll(async () => {
    db = await createScratchDatabase('connection_loss');
    const amqpUrl = (await createVhost(vhost)) as string;
    stack = await startStack({ DATABASE_URL: db.url, AMQP_URL: amqpUrl });
  });
  // Opened after the closing test, which closes every connection of the vhost.
  const connectBroker = async () => (broker ??= await amqplib.connect(stack.amqpUrl));
  // Stopping checks the many recorded responses against the OpenAPI document: that takes a while.
  afterAll(async () => {
    await broker?.close().catch(() => undefined);
    await stack?.stop();
    await db?.drop();
    await (deleteVhost(vhost) as Promise<void>).catch(() => {});
  }, 120_000);

  it('ask the broker for the configured heartbeat on every connection, consumers included', async () => {
    await place().expect(201);
    const { stdout } = await run('rabbitmqctl', ['-q', 'list_connections', 'vhost', 'timeout']);
    const timeouts = stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([name]) => name === vhost)
      .map(([, timeout]) => Number(timeout));
    // The stack of the tests asks for 15 s (test/support/stack.ts); the default is 3.
    expect(timeouts.length).toBeGreaterThanOrEqual(4);
    expect(new Set(timeouts)).toEqual(new Set([15]));
  });

  it('keep running after 10 closes in a row, serve creates, status changes and reads, and lose no acknowledged order', async () => {
    const baseline = (await connectionsOf(vhost)).length;
    expect(baseline).toBeGreaterThanOrEqual(3);
    const acknowledged: string[] = [];
    let closing = true;
    // Creates in flight the whole time: replies, confirms and acks are cut mid-way.
    const load = Array.from({ length: 2 }, async () => {
      while (closing) {
        const res = await place();
        // 200: a command resent across a reconnect ran twice; the reply queue outlived the connection, so
        // the second copy's answer (the order, already stored) reached the caller instead of a 202.
        expect([200, 201, 202, 503]).toContain(res.status);
        if (res.status !== 503) acknowledged.push((res.body as { id: string }).id);
      }
    });
    for (let round = 1; round <= 10; round++) {
      await closeConnections(vhost, `connection-loss test, round ${round}`);
      await until(async () => (await connectionsOf(vhost)).length >= baseline, `reconnection in round ${round}`);
    }
    closing = false;
    await Promise.all(load);

    // Serving again once the consumers are back: a create answered in full, then a change and a read.
    const created = await until(async () => {
      const res = await place();
      return res.status === 201 && (res.body as { id: string });
    }, 'a create answered with 201');
    await api().patch(`/v1/orders/${created.id}/status`).set(auth('staff')).send({ status: 'ACCEPTED' }).expect(200);
    const read = await api().get(`/v1/orders/${created.id}`).set(auth('staff')).expect(200);
    expect(read.body).toMatchObject({ id: created.id, status: 'ACCEPTED' });

    expect(acknowledged.length).toBeGreaterThan(0);
    const stored = new pg.Client({ connectionString: db.url });
    await stored.connect();
    try {
      const count = async () =>
        (
          await stored.query<{ n: number }>('SELECT count(*)::int AS n FROM orders.orders WHERE id = ANY($1::uuid[])', [
            acknowledged,
          ])
        ).rows[0]!.n;
      await until(async () => (await count()) === new Set(acknowledged).size, 'every acknowledged order stored');
    } finally {
      await stored.end();
    }
  }, 240_000);

  describe('failures of consumed messages', () => {
    let channel: amqplib.Channel;
    let replyQueue: string;

    beforeAll(async () => {
      channel = await (await connectBroker()).createChannel();
      ({ queue: replyQueue } = await channel.assertQueue('', { exclusive: true }));
    });

    const sendCommand = (pattern: string, data: unknown) => {
      const id = randomUUID();
      channel.sendToQueue(ORDERS_COMMAND_QUEUE, Buffer.from(JSON.stringify({ pattern, data, id })), {
        persistent: true,
        correlationId: id,
        replyTo: replyQueue,
        messageId: id,
        headers: { 'x-correlation-id': `dlq-test-${id}` },
      });
      return `dlq-test-${id}`;
    };
    const deadLettered = (correlationId: string) =>
      until(async () => {
        // Only these tests dead-letter anything in this vhost: taking what is there loses nothing.
        for (;;) {
          const msg = await channel.get(deadLetterQueueOf(ORDERS_COMMAND_QUEUE), { noAck: true });
          if (!msg) return false;
          if (msg.properties.headers?.['x-correlation-id'] === correlationId) return msg;
        }
      }, `${correlationId} in the dead-letter queue`);

    it('dead-letters a malformed command at once, with its reason, without a retry', async () => {
      const correlationId = sendCommand(OrderCommands.create, { orderId: 'not-a-uuid', order: { items: 'none' } });
      const msg = await deadLettered(correlationId);
      expect(msg.properties.headers).toMatchObject({ 'x-failure-class': 'permanent', 'x-attempt': 1 });
      expect(String(msg.properties.headers?.['x-failure-reason'])).toMatch(/orderId/);
      for (const attempt of [1, 2, 3]) {
        expect((await channel.checkQueue(retryQueueOf(ORDERS_COMMAND_QUEUE, attempt))).messageCount).toBe(0);
      }
    });

    it('dead-letters at once a command the database refuses as data (a NUL character), without a retry', async () => {
      const order = { ...body(), customer: { name: 'John\u0000Doe' } };
      const correlationId = sendCommand(OrderCommands.create, {
        orderId: randomUUID(),
        order,
        requestHash: 'h',
        caller: { role: 'channel', actor: 'channel:test' },
        correlationId: 'nul-test',
      });
      const msg = await deadLettered(correlationId);
      expect(msg.properties.headers).toMatchObject({ 'x-failure-class': 'permanent', 'x-attempt': 1 });
    });
  });

  it('lets a query nobody answered expire without dead-lettering it', async () => {
    await stack.stopOrders();
    try {
      await api().get(`/v1/orders/${randomUUID()}`).set(auth('staff')).expect(503);
      const probe = await (await connectBroker()).createChannel();
      await until(async () => (await probe.checkQueue(ORDERS_QUERY_QUEUE)).messageCount === 0, 'the query to expire');
      await probe.close();
    } finally {
      await stack.startOrders();
    }
    for (const queue of [ORDERS_QUERY_QUEUE, ANALYTICS_QUERY_QUEUE]) {
      // A missing queue closes the channel it was checked on: one channel per check.
      const probe = await (await connectBroker()).createChannel();
      probe.on('error', () => undefined);
      await expect(probe.checkQueue(deadLetterQueueOf(queue))).rejects.toThrow(/NOT_FOUND/);
    }
  });
});
