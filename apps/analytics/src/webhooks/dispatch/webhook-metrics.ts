import { type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { getOrCreateMetric } from '@willsoto/nestjs-prometheus';
import { Gauge, type Counter, type Histogram, register } from 'prom-client';
import type { DeliveryRepository } from '../persistence/delivery.repository.js';

export const deliveriesByOutcome = getOrCreateMetric('Counter', {
  name: 'webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: delivered, retry (will be tried again), failed (for good), gone (410: subscription disabled).',
  labelNames: ['outcome'],
}) as Counter<'outcome'>;

export const attemptDuration = getOrCreateMetric('Histogram', {
  name: 'webhook_attempt_duration_seconds',
  help: 'One webhook attempt, from DNS resolution to the answer’s status line (or the timeout), by outcome.',
  labelNames: ['outcome'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
}) as Histogram<'outcome'>;

export const PENDING = 'webhook_pending_deliveries';
export const OLDEST_PENDING = 'webhook_oldest_pending_seconds';

/** Per-subscription backlog, read from the database when Prometheus scrapes (so every replica reports the same figures). */
export class WebhookBacklogMetrics implements OnModuleInit, BeforeApplicationShutdown {
  constructor(private readonly deliveries: DeliveryRepository) {}

  onModuleInit(): void {
    for (const name of [PENDING, OLDEST_PENDING]) if (register.getSingleMetric(name)) register.removeSingleMetric(name);
    let read: ReturnType<DeliveryRepository['pendingBySubscription']> | undefined;
    // Both gauges come from one query per scrape.
    const rows = () => (read ??= this.deliveries.pendingBySubscription().finally(() => setImmediate(() => (read = undefined))));
    new Gauge({
      name: PENDING,
      help: 'Deliveries not yet delivered or failed for good, by enabled subscription.',
      labelNames: ['subscription'],
      async collect() {
        this.reset();
        for (const r of await rows().catch(() => [])) this.set({ subscription: r.subscription_id }, r.pending);
      },
    });
    new Gauge({
      name: OLDEST_PENDING,
      help: 'Age of the oldest pending delivery, by enabled subscription: how far its endpoint is behind.',
      labelNames: ['subscription'],
      async collect() {
        this.reset();
        for (const r of await rows().catch(() => [])) this.set({ subscription: r.subscription_id }, r.oldest_seconds);
      },
    });
  }

  beforeApplicationShutdown(): void {
    for (const name of [PENDING, OLDEST_PENDING]) register.removeSingleMetric(name);
  }
}
