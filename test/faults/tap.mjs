// A plain subscriber of `orders.events` with a durable queue of its own bound to `#`, declared
// before the stack starts: it counts every delivery of every event the stack publishes.
import amqplib from 'amqplib';
import { SUITE_CONNECTION_PREFIX } from './broker.mjs';

const QUEUE = 'fault-suite.tap';

export class EventTap {
  /** event id -> { orderId, sequence, deliveries } */
  events = new Map();
  deliveries = 0;
  unreadable = 0;
  #url;
  #connection;
  #closing = false;

  constructor(url) {
    this.#url = url;
  }

  async open() {
    const connection = await amqplib.connect(this.#url, {
      clientProperties: { connection_name: `${SUITE_CONNECTION_PREFIX}-tap` },
    });
    this.#connection = connection;
    // The queue is durable, so a reconnect after a dropped connection finds every event still there.
    connection.on('error', () => {});
    connection.on('close', () => {
      if (!this.#closing) setTimeout(() => this.open().catch(() => connection.emit('close')), 1000);
    });
    const channel = await connection.createChannel();
    await channel.assertExchange('orders.events', 'topic', { durable: true });
    await channel.assertQueue(QUEUE, { durable: true });
    await channel.bindQueue(QUEUE, 'orders.events', '#');
    await channel.prefetch(500);
    await channel.consume(QUEUE, (msg) => {
      if (!msg) return;
      this.#record(msg.content);
      channel.ack(msg);
    });
  }

  #record(content) {
    this.deliveries++;
    let event;
    try {
      event = JSON.parse(content.toString('utf8'));
    } catch {
      this.unreadable++;
      return;
    }
    const seen = this.events.get(event.id);
    if (seen) seen.deliveries++;
    else this.events.set(event.id, { orderId: event.subject, sequence: event.sequence, deliveries: 1, event });
  }

  async close() {
    this.#closing = true;
    await this.#connection?.close().catch(() => {});
  }
}
