import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { ORDERS_EVENTS_EXCHANGE } from '#contracts';
import type { AmqpConnection } from './amqp-connection.js';
import { declareEventsExchange, declareWorkQueue, type QueueType, type WorkQueue } from './topology.js';

export interface EventQueueConsumerOptions {
  /** The channel's name in logs. */
  name: string;
  /** A work queue bound to every event of `orders.events`. */
  queue: WorkQueue;
  queueType: QueueType;
  prefetch: number;
  /** Each delivery, with the channel it came on (acks go there). */
  receive(channel: ConfirmChannel, message: ConsumeMessage): void;
  /** A new channel is up: anything still buffered came on one that is gone, and the broker has requeued it. */
  reset(): void;
}

/**
 * A service's own queue bound to `orders.events`, consumed with manual acks on an
 * amqp-connection-manager channel whose set-up (declarations, binding, prefetch, consume) re-runs
 * on every new connection. `isCurrent` tells a delivery of the live channel from one of a lost
 * channel, which must be neither acked nor applied twice: the broker has requeued it.
 */
export class EventQueueConsumer {
  private wrapper: ChannelWrapper | undefined;
  private current: { channel: ConfirmChannel; consumerTag?: string } | undefined;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly options: EventQueueConsumerOptions,
  ) {}

  async start(): Promise<void> {
    const { name, queue, queueType, prefetch } = this.options;
    this.wrapper = this.connection.channel(name, async (channel) => {
      await declareEventsExchange(channel);
      await declareWorkQueue(channel, queue, queueType);
      await channel.bindQueue(queue.name, ORDERS_EVENTS_EXCHANGE, '#');
      await channel.prefetch(prefetch);
      this.options.reset();
      // Current before consuming: deliveries can arrive before `consume` resolves, and one dropped
      // as if from a lost channel would then be acked, unapplied, by a later `multiple` ack.
      const current: { channel: ConfirmChannel; consumerTag?: string } = { channel };
      this.current = current;
      channel.once('close', () => {
        if (this.current === current) this.current = undefined;
      });
      current.consumerTag = (
        await channel.consume(queue.name, (msg) => msg && this.options.receive(channel, msg), { noAck: false })
      ).consumerTag;
    });
    await this.wrapper.waitForConnect();
  }

  isCurrent(channel: unknown): boolean {
    return channel === this.current?.channel;
  }

  /** Stops new deliveries; those already received stay the caller's to settle. */
  async cancel(): Promise<void> {
    const current = this.current;
    if (current?.consumerTag) await current.channel.cancel(current.consumerTag).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.wrapper?.close();
  }
}
