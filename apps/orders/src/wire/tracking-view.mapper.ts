import type { TrackingView } from '#contracts';
import type { Order } from '../domain/order.js';

/** What the customer's link shows: the contract's list of fields, built member by member so nothing else slips in. */
export function toTrackingView(order: Order): TrackingView {
  return {
    status: order.status,
    fulfillment: { mode: order.fulfillment.mode },
    placedAt: order.placedAt.toISOString(),
    scheduled: order.scheduled,
    pickupTime: order.pickupTime?.toISOString() ?? null,
    promisedReadyAt: order.promisedReadyAt?.toISOString() ?? null,
    items: order.items.map((i) => ({ name: i.name, quantity: i.quantity, status: i.status })),
    updatedAt: order.updatedAt.toISOString(),
  };
}
