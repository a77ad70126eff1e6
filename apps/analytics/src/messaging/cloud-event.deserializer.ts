import type { ConsumerDeserializer, IncomingEvent } from '@nestjs/microservices';
import { ORDER_EVENT_TYPES } from '#contracts';

/** Pattern for event types this service does not know (yet): stored all the same, to keep the sequence whole. */
export const OTHER_EVENT = 'orders.event.other';

const KNOWN = new Set<string>(ORDER_EVENT_TYPES);

/**
 * The bodies on `orders.events` are plain CloudEvents, not Nest's `{ pattern, data }`: route by
 * `type`. No `id` in the packet, so the server treats it as an event (no reply). Anything
 * unreadable goes to the same handler, which dead-letters it.
 */
export class CloudEventDeserializer implements ConsumerDeserializer {
  deserialize(value: unknown): IncomingEvent {
    const type = (value as { type?: unknown } | null)?.type;
    const pattern = typeof type === 'string' && KNOWN.has(type) ? type : OTHER_EVENT;
    return { pattern, data: value };
  }
}
