import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { Ctx, MessagePattern, Payload, RmqContext } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import amqplib from 'amqplib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AMQP_HEARTBEAT_SECONDS,
  AmqpConnection,
  ConfirmPublisher,
  DeliveryHandler,
  PermanentMessageError,
  REPLY_BATCHES_HEADER,
  repliesIn,
  RpcClient,
  declareWorkQueue,
  deadLetterQueueOf,
  rmqServer,
  type WorkQueue,
} from '#messaging';
import { messagesHandled } from '#observability';
import { eventually } from '#test-support/wait.js';

const url = process.env.AMQP_URL!;
const queue: WorkQueue = { name: `test.rpc.${process.pid}`, retryDelaysMs: [200, 400] };
const calls = new Map<string, number>();

/** Holds each request that asks for it until `size` of them are in, then lets them all finish in one turn. */
const together = (() => {
  let waiting: (() => void)[] = [];
  return (size: number) =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length === size) {
        waiting.forEach((r) => r());
        waiting = [];
      }
    });
})();

@Controller()
class EchoController {
  static delivery: DeliveryHandler;
  @MessagePattern('echo')
  echo(
    @Payload() data: { key: string; failTimes: number; permanent?: boolean; slowMs?: number; together?: number },
    @Ctx() ctx: RmqContext,
  ) {
    return EchoController.delivery.run(ctx, async () => {
      if (data.together) await together(data.together);
      const n = (calls.get(data.key) ?? 0) + 1;
      calls.set(data.key, n);
      if (data.slowMs) await new Promise((r) => setTimeout(r, data.slowMs));
      if (data.permanent) throw new PermanentMessageError('malformed');
      if (n <= data.failTimes) throw new Error(`transient failure ${n}`);
      return { key: data.key, attempts: n };
    });
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('RPC over RabbitMQ with acknowledged, retried and dead-lettered deliveries', () => {
  let connection: AmqpConnection;
  let publisher: ConfirmPublisher;
  let client: RpcClient;
  let server: INestMicroservice;

  beforeAll(async () => {
    connection = new AmqpConnection(url, 'rpc-test');
    const setup = (ch: amqplib.ConfirmChannel) => declareWorkQueue(ch, queue, 'classic');
    publisher = new ConfirmPublisher(connection, 'rpc-test.retries', setup);
    EchoController.delivery = new DeliveryHandler(publisher, [queue]);
    client = new RpcClient(connection, 'rpc-test', setup);
    await client.ready();
    const moduleRef = await Test.createTestingModule({ imports: [EchoModule] }).compile();
    // The dead-letter cases below are expected; their error lines would only bury real failures in the output.
    const broker = { amqpUrl: url, prefetch: 8, queueType: 'classic' as const, amqpHeartbeatSeconds: AMQP_HEARTBEAT_SECONDS };
    server = moduleRef.createNestMicroservice({ ...rmqServer(broker, queue), logger: false });
    await server.listen();
  });

  afterAll(async () => {
    await server?.close();
    await client?.close();
    await publisher?.close();
    await connection?.close();
  });

  it('answers a request', async () => {
    const outcome = await client.command(queue.name, 'echo', { key: 'a', failTimes: 0 }, 5_000, 'c-1');
    expect(outcome).toEqual({ answered: true, result: { key: 'a', attempts: 1 } });
  });

  it('retries a failing request with backoff and the caller still gets the answer', async () => {
    const outcome = await client.command(queue.name, 'echo', { key: 'b', failTimes: 2 }, 10_000, 'c-2');
    expect(outcome).toEqual({ answered: true, result: { key: 'b', attempts: 3 } });
  });

  it('reports "not answered" after the wait, once the broker has the request, and the work still happens', async () => {
    const outcome = await client.command(queue.name, 'echo', { key: 'c', failTimes: 0, slowMs: 600 }, 100, 'c-3');
    expect(outcome).toEqual({ answered: false });
    await eventually(() => calls.get('c') === 1, 'the request handled');
  });

  it('delivers an answer sent while the caller’s own connection was down, once it has reconnected', async () => {
    const own = new AmqpConnection(url, 'rpc-test-reconnecting');
    const caller = new RpcClient(own, 'rpc-test-reconnecting', (ch) => declareWorkQueue(ch, queue, 'classic'));
    try {
      await caller.ready();
      const answer = caller.command(queue.name, 'echo', { key: 'lost', failTimes: 0, slowMs: 300 }, 10_000, 'c-8');
      await eventually(() => calls.get('lost') === 1, 'the request being handled');
      // Reconnecting takes a second; the answer comes back while the caller has no connection.
      await own.manager.connection!.close();
      expect(await answer).toEqual({ answered: true, result: { key: 'lost', attempts: 1 } });
      expect(calls.get('lost')).toBe(1);
    } finally {
      await caller.close();
      await own.close();
    }
  });

  it('answers "not answered", never an error, for a command its connection lost before the confirm, and sends it once the broker is back', async () => {
    const vhost = decodeURIComponent(new URL(url).pathname.slice(1));
    const limits = (definition: string | null) =>
      promisify(execFile)(
        'rabbitmqctl',
        definition === null ? ['-q', 'clear_vhost_limits', '-p', vhost] : ['-q', 'set_vhost_limits', '-p', vhost, definition],
      );
    const own = new AmqpConnection(url, 'rpc-test-broker-away');
    const caller = new RpcClient(own, 'rpc-test-broker-away', (ch) => declareWorkQueue(ch, queue, 'classic'));
    try {
      await caller.ready();
      // The broker refuses this caller's reconnects: whether the command reached a queue before its
      // connection went is what the caller cannot know, so it must not answer "nothing was queued".
      await limits('{"max-connections": 0}');
      const outcome = caller.command(queue.name, 'echo', { key: 'away', failTimes: 0 }, 1_000, 'c-away');
      await own.manager.connection!.close();
      expect(await outcome).toEqual({ answered: false });
      await limits(null);
      await eventually(() => (calls.get('away') ?? 0) >= 1, 'the command handled once the broker is back', 15_000);
    } finally {
      await limits(null).catch(() => undefined);
      await caller.close();
      await own.close();
    }
  });

  it('dead-letters a request that keeps failing, and the waiting caller hears about it', async () => {
    await expect(client.command(queue.name, 'echo', { key: 'd', failTimes: 99 }, 10_000, 'c-4')).rejects.toThrow(/dead-lettered/);
    expect(calls.get('d')).toBe(3);
    await expectDeadLettered('d');
  });

  it('dead-letters a permanent failure at once, without retries', async () => {
    await expect(client.command(queue.name, 'echo', { key: 'e', failTimes: 0, permanent: true }, 5_000, 'c-5')).rejects.toThrow(
      /malformed/,
    );
    expect(calls.get('e')).toBe(1);
    await expectDeadLettered('e');
  });

  it('counts each settled message by queue and outcome', async () => {
    const counts = async () =>
      Object.fromEntries(
        (await messagesHandled.get()).values.filter((v) => v.labels.queue === queue.name).map((v) => [v.labels.outcome, v.value]),
      );
    const before = await counts();
    await client.command(queue.name, 'echo', { key: 'f', failTimes: 1 }, 10_000, 'c-7');
    const after = await counts();
    expect((after.acked ?? 0) - (before.acked ?? 0)).toBe(1);
    expect((after.retried ?? 0) - (before.retried ?? 0)).toBe(1);
    expect(after.dead_lettered).toBeGreaterThanOrEqual(2);
  });

  it('answers requests that finish together in one message to a caller that asks for it, and one by one to any other caller', async () => {
    const conn = await amqplib.connect(url);
    const ch = await conn.createChannel();
    try {
      const { queue: replyTo } = await ch.assertQueue('', { exclusive: true });
      const received: amqplib.ConsumeMessage[] = [];
      await ch.consume(replyTo, (msg) => msg && received.push(msg), { noAck: true });
      const send = (batched: boolean, prefix: string) => {
        const ids = Array.from({ length: 6 }, (_, i) => `${prefix}-${i}`);
        for (const id of ids) {
          const body = { pattern: 'echo', data: { key: id, failTimes: 0, together: 6 }, id };
          ch.sendToQueue(queue.name, Buffer.from(JSON.stringify(body)), {
            replyTo,
            correlationId: id,
            headers: batched ? { [REPLY_BATCHES_HEADER]: true } : {},
          });
        }
        return ids;
      };
      const answersIn = (messages: amqplib.ConsumeMessage[]) =>
        Object.fromEntries(messages.flatMap(repliesIn).map((r) => [r.correlationId, r.packet.response]));

      const batched = send(true, 'together');
      await eventually(() => Object.keys(answersIn(received)).length === 6, 'six batched answers');
      expect(received).toHaveLength(1);
      expect(answersIn(received)).toEqual(Object.fromEntries(batched.map((id) => [id, { key: id, attempts: 1 }])));

      received.length = 0;
      const plain = send(false, 'plain');
      await eventually(() => received.length === 6, 'six plain answers');
      for (const msg of received) expect(JSON.parse(msg.content.toString())).toMatchObject({ isDisposed: true });
      expect(answersIn(received)).toEqual(Object.fromEntries(plain.map((id) => [id, { key: id, attempts: 1 }])));
    } finally {
      await ch.close();
      await conn.close();
    }
  });

  it('times a query out when nobody answers', async () => {
    await expect(client.query('test.nobody.listens', 'echo', {}, 200, 'c-6')).rejects.toThrow(/no answer/);
  });
});

async function expectDeadLettered(key: string) {
  const conn = await amqplib.connect(url);
  const ch = await conn.createChannel();
  try {
    const found = await eventually(async () => {
      const msg = await ch.get(deadLetterQueueOf(queue.name), { noAck: false });
      if (msg && (JSON.parse(msg.content.toString()) as { data: { key: string } }).data.key === key) return msg;
      if (msg) ch.nack(msg, false, true);
      return false;
    }, `${key} in the dead-letter queue`);
    expect(found.properties.headers?.['x-failure-reason']).toBeTruthy();
    ch.ack(found);
  } finally {
    await ch.close();
    await conn.close();
  }
}
