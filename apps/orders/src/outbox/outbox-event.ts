import { EVENT_SOURCE, type CloudEvent, type OrderEventMap, type OrderEventType } from '#contracts';
import { v7 as uuidv7 } from 'uuid';

export interface OutboxEventInput<T extends OrderEventType> {
  type: T;
  orderId: string;
  sequence: number;
  /** When the change happened: the history entry's `at` (placedAt for order.created). */
  time: string;
  data: OrderEventMap[T];
  correlationId?: string;
  /** The trace of the change, while tracing is on. */
  traceparent?: string;
}

/** Builds the CloudEvents of CONTRACT section 4. */
export const OutboxEvent = {
  create<T extends OrderEventType>(input: OutboxEventInput<T>): CloudEvent<T> {
    return {
      specversion: '1.0',
      // v7 ids sort by creation time, which keeps the outbox's event_id index append-mostly.
      id: uuidv7(),
      type: input.type,
      source: EVENT_SOURCE,
      subject: input.orderId,
      time: input.time,
      sequence: input.sequence,
      datacontenttype: 'application/json',
      ...(input.correlationId ? { correlationid: input.correlationId } : {}),
      ...(input.traceparent ? { traceparent: input.traceparent } : {}),
      data: input.data,
    };
  },
};
