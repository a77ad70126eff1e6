import { ANALYTICS_EVENTS_QUEUE, ANALYTICS_QUERY_QUEUE } from '#contracts';
import { RETRY_DELAYS_MS, type WorkQueue } from './topology.js';

/** The analytics service's copy of every event on `orders.events` (bound with `#`): retried, then dead-lettered. */
export const analyticsEventsQueue: WorkQueue = { name: ANALYTICS_EVENTS_QUEUE, retryDelaysMs: RETRY_DELAYS_MS };

/** Reads from the gateway: transient, dropped once nobody waits for the answer. */
export const analyticsQueryQueue = (ttlMs: number): WorkQueue => ({
  name: ANALYTICS_QUERY_QUEUE,
  retryDelaysMs: [],
  messageTtlMs: ttlMs,
  transient: true,
});
