import { WEBHOOKS_ADMIN_QUEUE, WEBHOOKS_EVENTS_QUEUE } from '#contracts';
import type { WorkQueue } from './topology.js';

/**
 * The webhook dispatcher's copy of every event on `orders.events` (bound with `#`). A batch that
 * cannot be recorded stays unacked and is tried again; only a message that is not an event at all
 * goes to the dead-letter queue.
 */
export const webhooksEventsQueue: WorkQueue = { name: WEBHOOKS_EVENTS_QUEUE, retryDelaysMs: [] };

/** The gateway's webhook admin requests: dropped once nobody waits for the answer, so a 503 changed nothing. */
export const webhooksAdminQueue = (ttlMs: number): WorkQueue => ({
  name: WEBHOOKS_ADMIN_QUEUE,
  retryDelaysMs: [],
  messageTtlMs: ttlMs,
  transient: true,
});
