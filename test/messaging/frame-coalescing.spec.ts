import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Socket } from 'node:net';
import { AmqpConnection } from '#messaging';
import { eventually } from '#test-support/wait.js';

const url = process.env.AMQP_URL!;
const BURST = 200;

/** The socket under a manager's current amqplib connection, with a count of the writes that reached the system. */
function countedWrites(manager: AmqpConnectionManager): { writes: () => number } {
  const socket = (manager.connection as unknown as { connection: { stream: Socket } }).connection.stream as Socket & {
    _write: (...args: unknown[]) => void;
    _writev?: (...args: unknown[]) => void;
  };
  let writes = 0;
  for (const name of ['_write', '_writev'] as const) {
    const original = socket[name]!;
    socket[name] = function (this: Socket, ...args: unknown[]) {
      writes++;
      return original.apply(this, args);
    };
  }
  return { writes: () => writes };
}

/** Sends BURST messages in one turn of the event loop and waits for every confirm; what reached the socket, and the queue. */
async function burst(manager: AmqpConnectionManager, channel: ChannelWrapper, queue: string) {
  await channel.waitForConnect();
  const counted = countedWrites(manager);
  const bodies = Array.from({ length: BURST }, (_, i) => `message ${i}`);
  await Promise.all(bodies.map((body) => channel.sendToQueue(queue, Buffer.from(body))));
  const writes = counted.writes();
  const received: string[] = [];
  await channel.addSetup(async (ch: ConfirmChannel) => {
    await ch.consume(queue, (m: ConsumeMessage | null) => m && received.push(m.content.toString()), { noAck: true });
  });
  await eventually(() => expect(received).toHaveLength(BURST), `all ${BURST} messages back from the queue`);
  return { writes, received, bodies };
}

describe('AMQP frames queued in one turn of the event loop', () => {
  const managers: AmqpConnectionManager[] = [];
  afterAll(() => Promise.all(managers.map((m) => m.close())));

  const queueSetup = (queue: string) => async (ch: ConfirmChannel) => {
    await ch.assertQueue(queue, { durable: false, autoDelete: true });
  };

  it("leave in a few socket writes instead of one each, in their order (against amqplib's own one by one)", async () => {
    const plainQueue = `test.frames.plain.${process.pid}`;
    const plain = amqp.connect([url], { connectionOptions: { noDelay: true } });
    managers.push(plain);
    const one = await burst(plain, plain.createChannel({ confirm: true, setup: queueSetup(plainQueue) }), plainQueue);

    const queue = `test.frames.${process.pid}`;
    const connection = new AmqpConnection(url, 'frame-coalescing-spec');
    managers.push(connection.manager);
    const coalesced = await burst(connection.manager, connection.channel('frames', queueSetup(queue)), queue);

    expect(one.writes).toBeGreaterThanOrEqual(BURST);
    expect(coalesced.writes).toBeLessThan(BURST / 10);
    expect(coalesced.received).toEqual(coalesced.bodies);
  });
});
