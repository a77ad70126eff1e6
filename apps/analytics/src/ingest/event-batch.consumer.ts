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
/** Batches applied at once: two let Node and PostgreSQL work at the same time; more only queue on the same summary rows. */
export const IN_FLIGHT = 2;
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
 * Consumes `analytics.events` in batches of up to MAX_BATCH events, each applied in one transaction
 * and acked with one `multiple` ack after its commit. A small batch waits up to GATHER_MS for more
 * (../messaging/batch-gate.ts).
 *
 * Up to IN_FLIGHT batches are applied at once, so that one batch's Node work (parsing, folding)
 * overlaps another's statements in PostgreSQL: with one, a backlog drained at the speed of the two
 * taking turns. Their transactions take their locks in one global order (ingest-batch.service.ts),
 * and an order whose earlier event is still in the other batch's uncommitted transaction waits for
 * it as for a gap, so the summaries end the same whichever commits first. Acks go in delivery order:
 * a batch's `multiple` ack waits until every earlier batch is settled, so it covers exactly its own
 * deliveries and never one that an earlier batch may still have to retry or dead-letter.
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
  /** Batches taken from `pending` and not yet settled. */
  private readonly applying = new Set<Delivery[]>();
  /** Settles when the newest batch taken is settled (and so every batch before it). */
  private settled: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<void>>();
  private arrived?: () => void;
  /** Channels on which a batch was left unacked: a later batch's `multiple` ack there would settle its deliveries too. */
  private readonly unsettledOn = new WeakSet<Channel>();
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
      prefetch: Math.max(options.prefetch, (IN_FLIGHT + 1) * MAX_BATCH),
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
    const held = [...[...this.applying].flat(), ...this.pending];
    return { events: held.length, oldestPublishedAt: held.length ? Math.min(...held.map((d) => d.publishedAt)) : undefined };
  }

  private receive(channel: Channel, message: ConsumeMessage): void {
    const stamped = Number(message.properties.headers?.[PUBLISHED_AT_HEADER]);
    const publishedAt = Number.isFinite(stamped) && stamped > 0 ? stamped : Date.now();
    this.pending.push({ message, channel, receivedAt: performance.now(), publishedAt });
    this.gate.offer(this.pending.length);
    this.arrived?.();
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (!this.stopping && (this.pending.length > 0 || this.inFlight.size > 0)) {
      if (this.pending.length === 0 || this.inFlight.size >= IN_FLIGHT) {
        await Promise.race([...this.inFlight, new Promise<void>((resolve) => (this.arrived = resolve))]);
        this.arrived = undefined;
        continue;
      }
      await this.gate.wait(this.pending.length, this.pending[0]!.receivedAt);
      if (this.stopping) break;
      const batch = this.pending.splice(0, MAX_BATCH).filter((d) => this.queue.isCurrent(d.channel));
      const earlier = this.settled;
      this.applying.add(batch);
      const handled = this.handle(batch, earlier).catch((error: Error) => {
        // Left unacked (stopping, or its channel gone): the broker redelivers the whole batch.
        if (batch.length > 0) this.unsettledOn.add(batch[0].channel);
        this.logger.warn(`analytics batch left unsettled: ${error.message}`);
      });
      // Done once it and every batch before it are settled, however each ended.
      const done = Promise.all([handled, earlier])
        .then(() => undefined)
        .finally(() => {
          this.applying.delete(batch);
          this.inFlight.delete(done);
        });
      this.inFlight.add(done);
      this.settled = done;
    }
    await Promise.all(this.inFlight);
  }

  /** Applies the batch and settles it: its `multiple` ack waits until every earlier batch is settled. */
  private async handle(batch: Delivery[], earlier: Promise<void>): Promise<void> {
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
    await earlier;
    const last = good[good.length - 1].d;
    if (this.unsettledOn.has(last.channel)) for (const { d } of good) d.channel.ack(d.message);
    else last.channel.ack(last.message, true);
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
