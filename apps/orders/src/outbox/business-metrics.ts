import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import type { CloudEvent } from '#contracts';

const ORDERS_PLACED = { name: 'orders_placed_total', help: 'Orders created, by brand.', labelNames: ['brand'] as const };
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

/** Business counters follow what was published: one count per committed change, whatever caused it. */
@Injectable()
export class BusinessMetrics {
  constructor(
    @InjectMetric(ORDERS_PLACED.name) private readonly placed: Counter<'brand'>,
    @InjectMetric(ORDER_TRANSITIONS.name) private readonly transitions: Counter<'from' | 'to'>,
    @InjectMetric(ORDER_TRANSITIONS_REFUSED.name) private readonly refused: Counter<'from' | 'to'>,
  ) {}

  countPublished(events: CloudEvent[]): void {
    for (const event of events) {
      if (event.type === 'order.created') {
        this.placed.inc({ brand: (event as CloudEvent<'order.created'>).data.brandId });
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
