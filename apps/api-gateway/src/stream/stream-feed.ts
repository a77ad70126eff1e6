import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { type CloudEvent, ORDERS_EVENTS_EXCHANGE } from '#contracts';
import { type AmqpConnection, declareEventsExchange } from '#messaging';
import { inConsumerSpan } from '#observability';
import type { StreamHub } from './stream-hub.js';

const streamSpan = () => ({
  name: 'process gateway stream',
  attributes: { 'messaging.system': 'rabbitmq', 'messaging.destination.name': ORDERS_EVENTS_EXCHANGE },
});

/**
 * Feeds the hub from this gateway instance's own queue on `orders.events`: server-named,
 * exclusive and auto-delete, so each instance sees every event and nothing piles up for an
 * instance that is gone. Acked after fan-out, once per turn of the event loop with `multiple`:
 * fan-out is synchronous and in order, so one ack settles every delivery of the turn. A reconnect
 * declares a fresh queue (the gap it leaves is what `event: gap` tells resuming clients about).
 */
export class StreamFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(StreamFeed.name);
  private channel?: ChannelWrapper;
  /** The newest delivery fanned out and not yet acked, with the channel it came on. */
  private unacked?: { ch: Acker; msg: ConsumeMessage };

  constructor(
    private readonly connection: AmqpConnection,
    private readonly hub: StreamHub,
    private readonly prefetch: number,
  ) {}

  async onModuleInit(): Promise<void> {
    this.channel = this.connection.channel('gateway.stream', async (ch) => {
      await declareEventsExchange(ch);
      await ch.prefetch(this.prefetch);
      const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      await ch.bindQueue(queue, ORDERS_EVENTS_EXCHANGE, '#');
      await ch.consume(queue, (msg) => msg && this.deliver(ch, msg));
    });
    // The route is live once the app listens: be bound by then, or early events would be missed.
    await this.channel.waitForConnect();
  }

  async onModuleDestroy(): Promise<void> {
    await this.channel?.close();
  }

  private deliver(ch: Acker, msg: ConsumeMessage): void {
    try {
      inConsumerSpan(streamSpan, msg.properties.headers, () =>
        this.hub.publish(JSON.parse(msg.content.toString('utf8')) as CloudEvent),
      );
    } catch (error) {
      this.logger.warn(`skipped an unreadable event ${msg.properties.messageId ?? ''}: ${(error as Error).message}`);
    }
    if (this.unacked && this.unacked.ch !== ch) this.ackFanned();
    if (!this.unacked) setImmediate(() => this.ackFanned());
    this.unacked = { ch, msg };
  }

  private ackFanned(): void {
    const unacked = this.unacked;
    this.unacked = undefined;
    try {
      unacked?.ch.ack(unacked.msg, true);
    } catch {
      // Its channel closed: the queue went with it (exclusive), so there is nothing left to settle.
    }
  }
}

interface Acker {
  ack(msg: ConsumeMessage, allUpTo?: boolean): void;
}
