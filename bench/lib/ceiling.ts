import amqplib from 'amqplib';
import { sleep } from './stats.js';

export interface Ceiling {
  /** Messages published (confirmed) and consumed (acked) per second: the broker's raw ceiling. */
  messagesPerSecond: number;
  published: number;
  consumed: number;
  seconds: number;
}

const QUEUES = ['bench.ceiling.1', 'bench.ceiling.2'];
const IN_FLIGHT = 256;
const PREFETCH = 256;
/** About the size of an order.created event. */
const BODY = Buffer.alloc(600, 'x');

/**
 * What the broker alone does on this machine, the yardstick of every other figure: persistent
 * ~600 B messages, publisher confirms with 256 in flight, two durable queues, and one consumer
 * per queue acking each message. Counts what went all the way through after a one-second warm-up.
 */
export async function measureCeiling(amqpUrl: string, seconds: number): Promise<Ceiling> {
  const publisher = await amqplib.connect(amqpUrl, { noDelay: true });
  const consumers = await Promise.all(QUEUES.map(() => amqplib.connect(amqpUrl, { noDelay: true })));
  try {
    const ch = await publisher.createConfirmChannel();
    for (const q of QUEUES) await ch.assertQueue(q, { durable: true });
    let consumed = 0;
    for (const [i, connection] of consumers.entries()) {
      const cc = await connection.createChannel();
      await cc.prefetch(PREFETCH);
      await cc.consume(QUEUES[i], (m) => {
        if (!m) return;
        cc.ack(m);
        consumed++;
      });
    }

    let published = 0;
    let inFlight = 0;
    let running = true;
    let next = 0;
    const pump = () => {
      while (running && inFlight < IN_FLIGHT) {
        inFlight++;
        const fits = ch.publish('', QUEUES[next++ % QUEUES.length], BODY, { persistent: true }, (err) => {
          inFlight--;
          if (!err) published++;
          pump();
        });
        if (!fits) {
          ch.once('drain', pump);
          return;
        }
      }
    };
    pump();
    await sleep(1000);
    const start = { at: performance.now(), consumed, published };
    await sleep(seconds * 1000);
    const elapsed = (performance.now() - start.at) / 1000;
    const result = {
      messagesPerSecond: Math.round((consumed - start.consumed) / elapsed),
      published: published - start.published,
      consumed: consumed - start.consumed,
      seconds: elapsed,
    };
    running = false;
    await ch.waitForConfirms().catch(() => {});
    return result;
  } finally {
    for (const c of [publisher, ...consumers]) await c.close().catch(() => {});
  }
}
