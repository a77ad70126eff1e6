import { type BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage } from 'amqplib';
import { ANALYTICS_EVENTS_QUEUE, type CloudEvent } from '#contracts';
import {
  type AmqpConnection,
  analyticsEventsQueue,
  type DeliveryHandler,
  EventQueueConsumer,
  PUBLISHED_AT_HEADER,
  publishedTraceparent,
  type QueueType,
} from '#messaging';
import { inBatchSpans, messageHandlingDuration, messagesHandled } from '#observability';
import { BatchGate } from '../messaging/batch-gate.js';
import { readEvent } from './event-envelope.js';
import type { IngestBatchService } from './ingest-batch.service.js';

/** Events per transaction: past a few hundred, the statements grow and the gain does not. */
export const MAX_BATCH = 256;
const STOP_WAIT_MS = 10_000;

interface Delivery {
  message: ConsumeMessage;
  channel: Channel;
  receivedAt: number;
  /** Epoch ms the event was published (its delivery here, for a publisher that does not say). */
  publishedAt: number;
}

/** Events received and not yet applied, and when the oldest of them was published. */
export interface Backlog {
  events: number;
  oldestPublishedAt: number | undefined;
}

export interface EventBatchConsumerOptions {
  queueType: QueueType;
  prefetch: number;
}

/**
 * Consumes `analytics.events` in batches: the events delivered while one batch is being applied
 * form the next one (the prefetch holds two batches, so one is always waiting; a small one waits
 * up to GATHER_MS for more, ../messaging/batch-gate.ts), are applied in
 * one transaction, and are acked together with one `multiple` ack after the commit. Batches run
 * one after another on one channel, so every earlier delivery is settled by then and the
 * `multiple` ack covers exactly the batch.
 *
 * A failed batch is retried event by event through the DeliveryHandler (each event its own
 * transaction, retried with backoff or dead-lettered alone), so one bad event never fails the
 * others. A crash before the commit leaves every event of the batch unacked: the broker
 * redelivers them and the inbox makes that exact.
 *
 * Reconnects: the channel is an amqp-connection-manager channel whose setup (declarations,
 * prefetch, consume) re-runs on every new connection. Deliveries of a lost channel are dropped
 * without acking (the broker already requeued them), and a batch whose channel was lost
 * mid-way is not acked on the new one: its events come again and change nothing twice.
 */
export class EventBatchConsumer implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventBatchConsumer.name);
  private readonly pending: Delivery[] = [];
  private applying: Delivery[] = [];
  private readonly queue: EventQueueConsumer;
  private running: Promise<void> | undefined;
  private stopping = false;
  private readonly gate = new BatchGate(MAX_BATCH);

  constructor(
    connection: AmqpConnection,
    private readonly delivery: DeliveryHandler,
    private readonly ingest: IngestBatchService,
    options: EventBatchConsumerOptions,
  ) {
    this.queue = new EventQueueConsumer(connection, {
      name: 'analytics.events.consumer',
      queue: analyticsEventsQueue,
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
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
    await Promise.race([this.running, waited]);
    clearTimeout(timer);
    this.pending.splice(0);
    await this.queue.close();
  }

  /** What this consumer holds unapplied: buffered deliveries and the batch being applied. */
  backlog(): Backlog {
    const held = [...this.applying, ...this.pending];
    return { events: held.length, oldestPublishedAt: held.length ? Math.min(...held.map((d) => d.publishedAt)) : undefined };
  }

  private receive(channel: Channel, message: ConsumeMessage): void {
    const stamped = Number(message.properties.headers?.[PUBLISHED_AT_HEADER]);
    const publishedAt = Number.isFinite(stamped) && stamped > 0 ? stamped : Date.now();
    this.pending.push({ message, channel, receivedAt: performance.now(), publishedAt });
    this.gate.offer(this.pending.length);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0 && !this.stopping) {
      await this.gate.wait(this.pending.length, this.pending[0]!.receivedAt);
      if (this.stopping) return;
      const batch = this.pending.splice(0, MAX_BATCH).filter((d) => this.queue.isCurrent(d.channel));
      this.applying = batch;
      try {
        await this.handle(batch);
      } catch (error) {
        // Left unacked (stopping, or its channel gone): the broker redelivers the whole batch.
        this.logger.warn(`analytics batch left unsettled: ${(error as Error).message}`);
      } finally {
        this.applying = [];
      }
    }
  }

  private async handle(batch: Delivery[]): Promise<void> {
    const good: { d: Delivery; event: CloudEvent }[] = [];
    const poison: { d: Delivery; error: Error }[] = [];
    for (const d of batch) {
      try {
        good.push({ d, event: readEvent(d.message.content, d.message.fields.routingKey) });
      } catch (error) {
        poison.push({ d, error: error as Error });
      }
    }
    // Settled first, one by one: the `multiple` ack below must not cover them a second time.
    for (const { d, error } of poison) await this.settleAlone(d, () => Promise.reject(error));
    if (good.length === 0) return;
    try {
      await inBatchSpans(
        {
          batch: 'analytics events batch',
          member: `process ${ANALYTICS_EVENTS_QUEUE}`,
          membersConsumed: true,
          memberAttributes: (i) => ({ 'cloudevents.event_type': good[i]!.event.type, 'messaging.message.id': good[i]!.event.id }),
        },
        () => good.map(({ d, event }) => publishedTraceparent(d.message, event)),
        () => this.applyWithRetry(good.map((g) => g.event)),
      );
    } catch (error) {
      // Stopping, or the channel is gone: nothing can be acked, and the broker redelivers every event.
      if (this.stopping || !this.queue.isCurrent(good[0].d.channel)) throw error;
      this.logger.warn(`analytics batch of ${good.length} failed (${(error as Error).message}); applying event by event`);
      for (const { d, event } of good) await this.settleAlone(d, () => this.ingest.execute([event]));
      return;
    }
    const last = good[good.length - 1].d;
    last.channel.ack(last.message, true);
    const now = performance.now();
    messagesHandled.inc({ queue: ANALYTICS_EVENTS_QUEUE, outcome: 'acked' }, good.length);
    for (const { d } of good) messageHandlingDuration.observe({ queue: ANALYTICS_EVENTS_QUEUE }, (now - d.receivedAt) / 1000);
  }

  /** A deadlock or serialization failure (SQLSTATE class 40) says nothing about the events: try the batch once more. */
  private async applyWithRetry(events: CloudEvent[]): Promise<void> {
    try {
      await this.ingest.execute(events);
    } catch (error) {
      if (!String((error as { code?: unknown }).code ?? '').startsWith('40')) throw error;
      await this.ingest.execute(events);
    }
  }

  private async settleAlone(d: Delivery, work: () => Promise<unknown>): Promise<void> {
    await this.delivery.runDelivery(d, work, ANALYTICS_EVENTS_QUEUE);
  }
}
