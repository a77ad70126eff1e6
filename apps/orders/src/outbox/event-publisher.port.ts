import type { CloudEvent } from '#contracts';

/**
 * Where the outbox relay sends committed events. `publish` resolves only once the broker has
 * confirmed every event of the batch; a rejection means some may not have arrived, and the
 * whole batch is sent again later (subscribers dedupe by event id).
 */
export interface EventPublisher {
  publish(events: CloudEvent[]): Promise<void>;
}

export const EVENT_PUBLISHER = Symbol('EVENT_PUBLISHER');
