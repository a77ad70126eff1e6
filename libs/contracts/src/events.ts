import type { OrderItemView, OrderView } from './order.view.js';
import type { ItemStatus, OrderStatus } from './statuses.js';

export const ORDERS_EVENTS_EXCHANGE = 'orders.events';
export const EVENT_SOURCE = 'orders-service';

export interface OrderEventMap {
  'order.created': OrderView;
  'order.status_changed': {
    orderId: string;
    brandId: string;
    customerId: string | null;
    from: OrderStatus;
    to: OrderStatus;
    at: string;
    reason: string | null;
  };
  'order.items_added': { orderId: string; items: Omit<OrderItemView, 'status'>[] };
  'order.item_status_changed': { orderId: string; plu: string; from: ItemStatus; to: ItemStatus; at: string };
  'refund.requested': { refundId: string; orderId: string; paymentReference: string; amount: number };
}
export type OrderEventType = keyof OrderEventMap;
export const ORDER_EVENT_TYPES = [
  'order.created',
  'order.status_changed',
  'order.items_added',
  'order.item_status_changed',
  'refund.requested',
] as const satisfies readonly OrderEventType[];

/** A CloudEvents 1.0 structured-mode document, as published on `orders.events`. */
export interface CloudEvent<T extends OrderEventType = OrderEventType> {
  specversion: '1.0';
  id: string;
  type: T;
  source: string;
  subject: string;
  time: string;
  sequence: number;
  datacontenttype: 'application/json';
  /** Extension attribute: the id of the request that caused this event. */
  correlationid?: string;
  data: OrderEventMap[T];
}
