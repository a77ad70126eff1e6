import { type CloudEvent, ORDERS_EVENTS_EXCHANGE } from '#contracts';
import type { ConfirmPublisher } from './confirm-publisher.js';

/** Publishes CloudEvents as plain JSON on `orders.events`, routed by type; resolves when all are confirmed. */
export class CloudEventPublisher {
  constructor(private readonly publisher: ConfirmPublisher) {}

  async publish(events: CloudEvent[]): Promise<void> {
    await this.publisher.publishAll(
      events.map((event) => ({
        exchange: ORDERS_EVENTS_EXCHANGE,
        routingKey: event.type,
        body: Buffer.from(JSON.stringify(event)),
        options: {
          persistent: true,
          contentType: 'application/json',
          messageId: event.id,
          type: event.type,
          timestamp: Math.floor(Date.parse(event.time) / 1000),
          headers: event.correlationid ? { 'x-correlation-id': event.correlationid } : {},
        },
      })),
    );
  }
}
