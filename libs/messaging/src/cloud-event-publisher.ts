import type { ConsumeMessage } from 'amqplib';
import { type CloudEvent, ORDERS_EVENTS_EXCHANGE } from '#contracts';
import type { ConfirmPublisher } from './confirm-publisher.js';

/**
 * When the event was handed to the broker (epoch milliseconds). The event's `time` says when the change
 * happened, which for imported history is long ago; consumers measure their lag from this instead.
 */
export const PUBLISHED_AT_HEADER = 'x-published-at';

/** Publishes CloudEvents as plain JSON on `orders.events`, routed by type; resolves when all are confirmed. */
export class CloudEventPublisher {
  constructor(private readonly publisher: ConfirmPublisher) {}

  async publish(events: CloudEvent[]): Promise<void> {
    const publishedAt = Date.now();
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
          headers: {
            [PUBLISHED_AT_HEADER]: publishedAt,
            ...(event.correlationid ? { 'x-correlation-id': event.correlationid } : {}),
            ...(event.traceparent ? { traceparent: event.traceparent } : {}),
          },
        },
      })),
    );
  }
}

/** The trace an event was published in: its `traceparent` header, else the event's own attribute. */
export function publishedTraceparent(message: ConsumeMessage, event?: CloudEvent): string | undefined {
  const header: unknown = message.properties.headers?.traceparent;
  return typeof header === 'string' ? header : event?.traceparent;
}
