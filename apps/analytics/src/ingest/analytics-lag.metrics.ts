import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { analyticsEventsQueue, QueueDepthProbe, retryQueueOf } from '#messaging';
import { addScrapedSeries } from '#observability';
import { EventBatchConsumer } from './event-batch.consumer.js';

export const ANALYTICS_LAG = {
  name: 'analytics_lag_seconds',
  help:
    'How long the oldest event this replica received and has not applied yet has waited since the orders service ' +
    'published it; 0 when nothing waits (idle is 0). The queue delivers in order, so events still in the broker are ' +
    'younger: while the replica consumes, this is how far analytics is behind. See analytics_pending_events.',
};

export const ANALYTICS_PENDING = {
  name: 'analytics_pending_events',
  help:
    'Events not applied yet: ready in analytics.events and its retry queues (read from the broker when scraped), ' +
    'plus those this replica received and is still applying.',
};

const { name, retryDelaysMs } = analyticsEventsQueue;
const QUEUES = [name, ...retryDelaysMs.map((_, i) => retryQueueOf(name, i + 1))];

/**
 * Lag in time and in events, read when Prometheus scrapes. Lag is measured from publication, not from the
 * event's `time`: that is when the change happened, and it neither grows while nothing happens nor
 * makes imported history look late.
 */
@Injectable()
export class AnalyticsLagMetrics implements OnModuleInit, OnModuleDestroy {
  private readonly removals: (() => void)[] = [];

  constructor(
    private readonly consumer: EventBatchConsumer,
    private readonly depths: QueueDepthProbe,
  ) {}

  onModuleInit(): void {
    this.removals.push(
      addScrapedSeries(ANALYTICS_LAG, {}, () => {
        const { oldestPublishedAt } = this.consumer.backlog();
        return Promise.resolve(oldestPublishedAt === undefined ? 0 : Math.max(0, Date.now() - oldestPublishedAt) / 1000);
      }),
      addScrapedSeries(ANALYTICS_PENDING, {}, async () => {
        const ready = await Promise.all(QUEUES.map((q) => this.depths.ready(q)));
        return ready.reduce((a, b) => a + b, this.consumer.backlog().events);
      }),
    );
  }

  onModuleDestroy(): void {
    for (const remove of this.removals.splice(0)) remove();
  }
}
