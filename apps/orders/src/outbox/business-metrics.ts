import { Inject, Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { APP_CONFIG, type AppConfig, OTHER_BRANDS_LABEL } from '#config';
import type { CloudEvent } from '#contracts';

const ORDERS_PLACED = {
  name: 'orders_placed_total',
  help: 'Orders created, by brand: the brand id for brands named in METRICS_BRANDS, "other" for every other one.',
  labelNames: ['brand'] as const,
};
const ORDER_TRANSITIONS = {
  name: 'order_transitions_total',
  help: 'Committed order status transitions, by from and to.',
  labelNames: ['from', 'to'] as const,
};
const ORDER_TRANSITIONS_REFUSED = {
  name: 'order_transitions_refused_total',
  help: 'Status changes refused by the state machine, by from and to.',
  labelNames: ['from', 'to'] as const,
};

export const businessMetricProviders = [ORDERS_PLACED, ORDER_TRANSITIONS, ORDER_TRANSITIONS_REFUSED].map((c) =>
  makeCounterProvider(c),
);

/**
 * Business counters follow what was published: one count per committed change, whatever caused it.
 * Brand ids come from clients: only the configured ones become label values, so the series stay bounded.
 */
@Injectable()
export class BusinessMetrics {
  private readonly brands: ReadonlySet<string>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectMetric(ORDERS_PLACED.name) private readonly placed: Counter<'brand'>,
    @InjectMetric(ORDER_TRANSITIONS.name) private readonly transitions: Counter<'from' | 'to'>,
    @InjectMetric(ORDER_TRANSITIONS_REFUSED.name) private readonly refused: Counter<'from' | 'to'>,
  ) {
    this.brands = new Set(config.metricsBrands);
  }

  countPublished(events: CloudEvent[]): void {
    for (const event of events) {
      if (event.type === 'order.created') {
        const { brandId } = (event as CloudEvent<'order.created'>).data;
        this.placed.inc({ brand: this.brands.has(brandId) ? brandId : OTHER_BRANDS_LABEL });
      } else if (event.type === 'order.status_changed') {
        const { from, to } = (event as CloudEvent<'order.status_changed'>).data;
        this.transitions.inc({ from, to });
      }
    }
  }

  countRefused(from: string, to: string): void {
    this.refused.inc({ from, to });
  }
}
