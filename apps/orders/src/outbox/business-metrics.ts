import type { CloudEvent } from '#contracts';
import { orderTransitions, ordersPlaced } from '#observability';

/** Business counters follow what was published: one count per committed change, whatever caused it. */
export function countPublished(events: CloudEvent[]): void {
  for (const event of events) {
    if (event.type === 'order.created') {
      ordersPlaced.inc({ brand: (event as CloudEvent<'order.created'>).data.brandId });
    } else if (event.type === 'order.status_changed') {
      const { from, to } = (event as CloudEvent<'order.status_changed'>).data;
      orderTransitions.inc({ from, to });
    }
  }
}
