import amqplib from 'amqplib';
import type { CloudEvent } from '#contracts';
import { recordEvent } from './contract-validator.js';
import { eventually } from './wait.js';

export interface TappedEvent {
  event: CloudEvent;
  routingKey: string;
  properties: amqplib.MessageProperties;
}

/**
 * A plain amqplib subscriber on `orders.events` with a queue of its own, as any outside
 * consumer would bind one: no NestJS involved, so it proves the events need no envelope.
 */
export class EventTap {
  readonly received: TappedEvent[] = [];

  private constructor(
    private readonly connection: amqplib.ChannelModel,
    private readonly channel: amqplib.Channel,
  ) {}

  static async open(url: string, bindingKey = '#'): Promise<EventTap> {
    const connection = await amqplib.connect(url);
    const channel = await connection.createChannel();
    await channel.assertExchange('orders.events', 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, 'orders.events', bindingKey);
    const tap = new EventTap(connection, channel);
    await channel.consume(queue, (msg) => {
      if (!msg) return;
      const event = JSON.parse(msg.content.toString()) as CloudEvent;
      recordEvent(event);
      tap.received.push({
        event,
        routingKey: msg.fields.routingKey,
        properties: msg.properties,
      });
      channel.ack(msg);
    });
    return tap;
  }

  of(orderId: string): TappedEvent[] {
    return this.received.filter((e) => e.event.subject === orderId);
  }

  async waitFor(orderId: string, count: number, ms = 10_000): Promise<TappedEvent[]> {
    const events = () => this.of(orderId).length >= count && this.of(orderId);
    return eventually(events, () => `${count} events for ${orderId} (got ${this.of(orderId).length})`, ms);
  }

  async close(): Promise<void> {
    await this.channel.close().catch(() => {});
    await this.connection.close().catch(() => {});
  }
}
