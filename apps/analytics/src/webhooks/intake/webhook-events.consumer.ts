import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { WEBHOOKS_EVENTS_QUEUE } from '#contracts';
import { type AmqpConnection, EventQueueConsumer, type QueueType, webhooksEventsQueue } from '#messaging';
import { messagesHandled } from '#observability';
import { BatchGate } from '../../messaging/batch-gate.js';
import type { EventStoreRepository, ReceivedEvent } from '../persistence/event-store.repository.js';

const MAX_BATCH = 256;
const RETRY_MS = 1_000;

export interface WebhookEventsConsumerOptions {
  prefetch: number;
  queueType: QueueType;
}

/** The event as the dispatcher needs it, or why the message is not an event of `orders.events`. */
export function receivedEventOf(content: Buffer): ReceivedEvent | string {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(content.toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'not JSON';
  }
  const { id, type, subject, sequence, time, data } = event ?? {};
  if (typeof id !== 'string' || typeof type !== 'string' || typeof subject !== 'string' || typeof time !== 'string') {
    return 'not a CloudEvent of orders.events (id, type, subject, time)';
  }
  if (!Number.isInteger(sequence) || Number.isNaN(Date.parse(time)) || typeof data !== 'object' || data === null) {
    return 'not a CloudEvent of orders.events (sequence, time, data)';
  }
  const brandId = (data as { brandId?: unknown }).brandId;
  return {
    id,
    type,
    orderId: subject,
    sequence: sequence as number,
    time,
    brandId: typeof brandId === 'string' ? brandId : null,
    body: content.toString('utf8'),
  };
}

/**
 * Consumes `webhooks.events` (bound to every event of `orders.events`) in batches, a small one
 * waiting up to GATHER_MS for more (../../messaging/batch-gate.ts): each batch is recorded with its
 * deliveries in one transaction and acked after the commit. A batch that cannot be recorded (the
 * database away) is tried again every second while its channel lives, and is otherwise
 * redelivered by the broker: nothing is acked unrecorded. A message that is not an event
 * goes to the dead-letter queue.
 */
export class WebhookEventsConsumer implements BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookEventsConsumer');
  private readonly pending: { message: ConsumeMessage; channel: ConfirmChannel; receivedAt: number }[] = [];
  private readonly gate = new BatchGate(MAX_BATCH);
  private readonly queue: EventQueueConsumer;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    connection: AmqpConnection,
    private readonly store: EventStoreRepository,
    private readonly recorded: () => void,
    options: WebhookEventsConsumerOptions,
  ) {
    this.queue = new EventQueueConsumer(connection, {
      name: 'webhooks.events.consumer',
      queue: webhooksEventsQueue,
      queueType: options.queueType,
      prefetch: Math.max(options.prefetch, 2 * MAX_BATCH),
      receive: (channel, message) => this.receive(channel, message),
      reset: () => this.pending.splice(0),
    });
  }

  async start(): Promise<void> {
    await this.queue.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.gate.open();
    await this.queue.cancel();
    await this.running;
    await this.queue.close();
  }

  private receive(channel: ConfirmChannel, message: ConsumeMessage): void {
    this.pending.push({ message, channel, receivedAt: performance.now() });
    this.gate.offer(this.pending.length);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.stopping) {
      await this.gate.wait(this.pending.length, this.pending[0]!.receivedAt);
      if (this.stopping) return;
      const batch = this.pending.splice(0, MAX_BATCH).filter((d) => this.queue.isCurrent(d.channel));
      const events: ReceivedEvent[] = [];
      const good: typeof batch = [];
      for (const d of batch) {
        const event = receivedEventOf(d.message.content);
        if (typeof event === 'string') {
          this.logger.error(`message on ${WEBHOOKS_EVENTS_QUEUE} dead-lettered: ${event}`);
          d.channel.nack(d.message, false, false);
          messagesHandled.inc({ queue: WEBHOOKS_EVENTS_QUEUE, outcome: 'dead_lettered' });
        } else {
          events.push(event);
          good.push(d);
        }
      }
      if (events.length && (await this.record(events, batch[0].channel))) {
        // Every earlier delivery of this channel is settled by now (batches go in order), so one
        // `multiple` ack settles the batch: one frame for the broker instead of one per event.
        const last = good[good.length - 1]!;
        last.channel.ack(last.message, true);
        messagesHandled.inc({ queue: WEBHOOKS_EVENTS_QUEUE, outcome: 'acked' }, good.length);
        this.recorded();
      }
    }
  }

  /** True once recorded; false if stopping or the channel went away first (the broker redelivers). */
  private async record(events: ReceivedEvent[], channel: ConfirmChannel): Promise<boolean> {
    for (;;) {
      try {
        await this.store.record(events);
        return this.queue.isCurrent(channel);
      } catch (error) {
        this.logger.warn(`webhook events not recorded, trying again: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        if (this.stopping || !this.queue.isCurrent(channel)) return false;
      }
    }
  }
}
