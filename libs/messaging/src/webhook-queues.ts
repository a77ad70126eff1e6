import { WEBHOOKS_ADMIN_COMMAND_QUEUE, WEBHOOKS_ADMIN_QUEUE, WEBHOOKS_EVENTS_QUEUE } from '#contracts';
import { RETRY_DELAYS_MS, type WorkQueue } from './topology.js';

/**
 * The webhook dispatcher's copy of every event on `orders.events` (bound with `#`). A batch that
 * cannot be recorded stays unacked and is tried again; only a message that is not an event at all
 * goes to the dead-letter queue.
 */
export const webhooksEventsQueue: WorkQueue = { name: WEBHOOKS_EVENTS_QUEUE, retryDelaysMs: [] };

/** The gateway's webhook admin reads: dropped once nobody waits for the answer. */
export const webhooksAdminQueue = (ttlMs: number): WorkQueue => ({
  name: WEBHOOKS_ADMIN_QUEUE,
  retryDelaysMs: [],
  messageTtlMs: ttlMs,
  transient: true,
});

/**
 * The gateway's webhook admin writes: durable and never expiring, like `orders.commands`, so a write
 * the broker confirmed is applied even when its answer comes too late (the caller's 202). Retried,
 * then dead-lettered.
 */
export const webhooksAdminCommandQueue: WorkQueue = { name: WEBHOOKS_ADMIN_COMMAND_QUEUE, retryDelaysMs: RETRY_DELAYS_MS };
