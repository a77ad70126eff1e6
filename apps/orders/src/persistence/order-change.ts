import type { Order, OrderEvent } from '../domain/order.js';

/** Everything a batch changed on one order: as it was locked, as the batch leaves it, and what happened between. */
export interface OrderChange {
  before: Order;
  after: Order;
  events: OrderEvent[];
}
