import { Counter, collectDefaultMetrics, Gauge, Histogram, register } from 'prom-client';

/**
 * Every metric of the product, created once per process on prom-client's default registry: the
 * services (and the in-process end-to-end tests, which run all three) share one definition each.
 */
function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

let defaultsStarted = false;
export function startDefaultMetrics(): void {
  if (defaultsStarted) return;
  defaultsStarted = true;
  collectDefaultMetrics();
}

export const httpRequestDuration = once(
  'http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route template, method and status code.',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

export const messagesPublished = once(
  'messaging_published_messages_total',
  () =>
    new Counter({
      name: 'messaging_published_messages_total',
      help: 'Messages confirmed by the broker, by exchange ("" for a queue) and routing key or queue.',
      labelNames: ['exchange', 'destination'] as const,
    }),
);

export const messagesHandled = once(
  'messaging_handled_messages_total',
  () =>
    new Counter({
      name: 'messaging_handled_messages_total',
      help: 'Consumed messages by queue and outcome: acked, retried or dead_lettered.',
      labelNames: ['queue', 'outcome'] as const,
    }),
);

export const messageHandlingDuration = once(
  'messaging_handling_duration_seconds',
  () =>
    new Histogram({
      name: 'messaging_handling_duration_seconds',
      help: 'Time from delivery to settlement of a consumed message, by queue.',
      labelNames: ['queue'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    }),
);

export const ordersPlaced = once(
  'orders_placed_total',
  () => new Counter({ name: 'orders_placed_total', help: 'Orders created, by brand.', labelNames: ['brand'] as const }),
);

export const orderTransitions = once(
  'order_transitions_total',
  () =>
    new Counter({
      name: 'order_transitions_total',
      help: 'Committed order status transitions, by from and to.',
      labelNames: ['from', 'to'] as const,
    }),
);

export const orderTransitionsRefused = once(
  'order_transitions_refused_total',
  () =>
    new Counter({
      name: 'order_transitions_refused_total',
      help: 'Status changes refused by the state machine, by from and to.',
      labelNames: ['from', 'to'] as const,
    }),
);

/** A gauge whose value is read when Prometheus scrapes, e.g. from the database. */
export function scrapedGauge(name: string, help: string, read: () => Promise<number>): Gauge {
  const existing = register.getSingleMetric(name);
  if (existing) register.removeSingleMetric(name);
  return new Gauge({
    name,
    help,
    async collect() {
      try {
        this.set(await read());
      } catch {
        // A failed read leaves the last value; readiness reports the broken dependency.
      }
    },
  });
}
