import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ChannelWrapper } from 'amqp-connection-manager';
import type { ConsumeMessage } from 'amqplib';
import { AvailabilityQueries, type CloudEvent, ORDERS_EVENTS_EXCHANGE } from '#contracts';
import { type AmqpConnection, declareEventsExchange } from '#messaging';
import type { OrdersClient } from '../orders/orders-client.port.js';
import type { AvailabilityCache } from './availability-cache.js';

/** How soon a failed read of every brand's availability is tried again. */
const RELOAD_RETRY_MS = 1_000;

/**
 * Keeps the availability cache current from this gateway instance's own queue on `orders.events`,
 * bound to `brand.#` only (order events never reach it): server-named, exclusive, auto-delete, so
 * every replica sees every change within the relay's latency (milliseconds), far inside the second
 * a change may take to reach intake everywhere. Each (re)connect binds first and then reads every
 * brand from the orders service, so nothing that happened while it was away is missed; until that
 * first read succeeds, intake refuses nothing it does not know of.
 */
export class AvailabilityFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AvailabilityFeed.name);
  private channel?: ChannelWrapper;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly orders: OrdersClient,
    private readonly cache: AvailabilityCache,
  ) {}

  async onModuleInit(): Promise<void> {
    this.channel = this.connection.channel('gateway.availability', async (ch) => {
      await declareEventsExchange(ch);
      const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
      await ch.bindQueue(queue, ORDERS_EVENTS_EXCHANGE, 'brand.#');
      await ch.consume(queue, (msg) => msg && this.deliver(ch, msg));
      void this.reload();
    });
    await this.channel.waitForConnect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.channel?.close();
  }

  /** Every configured brand, read again; retried until it succeeds. */
  private async reload(): Promise<void> {
    clearTimeout(this.retry);
    try {
      for (const state of await this.orders.query(AvailabilityQueries.all, {})) this.cache.offer(state);
    } catch (error) {
      if (this.closed) return;
      this.logger.warn(`could not read brand availability, again in ${RELOAD_RETRY_MS} ms: ${(error as Error).message}`);
      this.retry = setTimeout(() => void this.reload(), RELOAD_RETRY_MS);
    }
  }

  private async refresh(brandId: string): Promise<void> {
    try {
      const result = await this.orders.query(AvailabilityQueries.get, { brandId });
      if (result.ok) this.cache.offer(result.value.state);
    } catch {
      void this.reload();
    }
  }

  private deliver(ch: { ack(msg: ConsumeMessage): void }, msg: ConsumeMessage): void {
    try {
      const event = JSON.parse(msg.content.toString('utf8')) as CloudEvent;
      if (this.cache.apply(event) === 'gap') void this.refresh(event.subject);
    } catch (error) {
      this.logger.warn(`skipped an unreadable brand event ${msg.properties.messageId ?? ''}: ${(error as Error).message}`);
    }
    ch.ack(msg);
  }
}
