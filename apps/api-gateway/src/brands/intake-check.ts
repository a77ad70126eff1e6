import type { CreateOrderDto } from '#contracts';
import type { AvailabilityCache } from './availability-cache.js';
import { intakeRefusalProblem } from './availability-route.js';

/**
 * Intake refuses a new order for a PAUSED brand, or holding a snoozed PLU, before anything is
 * queued (409, CONTRACT section 7). It reads this gateway's in-memory copy of availability, never
 * the database: the create path stays as fast as before, with no round trip per order. The copy
 * follows the brand events on `orders.events` through this replica's own queue, so a change
 * reaches every replica within the relay's latency (milliseconds), and `until`s are read by the
 * clock; see AvailabilityCache and AvailabilityFeed.
 */
export function assertBrandTakesOrder(cache: AvailabilityCache, order: Pick<CreateOrderDto, 'brandId' | 'items'>): void {
  const refusal = cache.refusal(
    order.brandId,
    order.items.map((i) => i.plu),
  );
  if (refusal) throw intakeRefusalProblem(order.brandId, refusal);
}
