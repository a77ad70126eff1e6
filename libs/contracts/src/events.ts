import * as z from 'zod';
import { BRAND_EVENT_DATA, BRAND_EVENT_TYPES, isBrandEventType } from './brand-availability.js';
import {
  AddressView,
  CustomerView,
  FulfillmentView,
  ItemStatusName,
  OrderItemLine,
  OrderStatusName,
  OrderView,
} from './order.view.js';
import { instant, money, uuid } from './wire-values.js';

export const ORDERS_EVENTS_EXCHANGE = 'orders.events';
export const EVENT_SOURCE = 'orders-service';

export const OrderStatusChanged = z.object({
  orderId: uuid,
  brandId: z.string(),
  customerId: z.string().nullable(),
  from: OrderStatusName,
  to: OrderStatusName,
  at: instant,
  reason: z.string().nullable(),
});

const newTotal = money.meta({ description: 'The order’s totalAmount after the change.' });

export const OrderItemsAdded = z.object({ orderId: uuid, items: z.array(OrderItemLine).min(1), totalAmount: newTotal });

export const OrderItemStatusChanged = z.object({
  orderId: uuid,
  plu: z.string(),
  from: ItemStatusName,
  to: ItemStatusName,
  at: instant,
  reason: z
    .string()
    .optional()
    .meta({ examples: ['removed'], description: '`removed` when the line was taken off the order.' }),
  totalAmount: newTotal.optional().meta({ description: 'On a removal: the order’s totalAmount after it.' }),
});

export const OrderItemQuantityChanged = z.object({
  orderId: uuid,
  plu: z.string(),
  from: z.int().min(1),
  to: z.int().min(0).meta({ description: '0 when the line was removed.' }),
  at: instant,
  totalAmount: newTotal,
});

/** The fields an edit changed, each with its whole new value. */
export const OrderUpdateChanges = z.object({
  customer: CustomerView.optional(),
  deliveryAddress: AddressView.nullable().optional(),
  pickupTime: instant.nullable().optional(),
  fulfillment: FulfillmentView.optional(),
  scheduled: z.boolean().optional(),
  releaseAt: instant.optional(),
});

export const OrderUpdated = z.object({
  orderId: uuid,
  brandId: z.string(),
  customerId: z.string().nullable(),
  changes: OrderUpdateChanges,
  at: instant,
});

export const OrderPromisedTimeChanged = z.object({
  orderId: uuid,
  brandId: z.string(),
  customerId: z.string().nullable(),
  promisedReadyAt: instant,
  previous: instant.nullable().meta({ description: 'Null when the order was just accepted.' }),
  at: instant,
  reason: z.string().nullable(),
});

export const RefundRequested = z.object({
  refundId: uuid,
  orderId: uuid,
  paymentReference: z.string(),
  amount: money,
  reason: z.string().meta({ examples: ['order_changed'] }),
});

/** The `data` of each event type on `orders.events`. */
export const EVENT_DATA = {
  ...BRAND_EVENT_DATA,
  'order.created': OrderView,
  'order.status_changed': OrderStatusChanged,
  'order.items_added': OrderItemsAdded,
  'order.item_status_changed': OrderItemStatusChanged,
  'refund.requested': RefundRequested,
  'order.promised_time_changed': OrderPromisedTimeChanged,
  'order.updated': OrderUpdated,
  'order.item_quantity_changed': OrderItemQuantityChanged,
} as const;

export type OrderEventMap = { [T in keyof typeof EVENT_DATA]: z.output<(typeof EVENT_DATA)[T]> };
export type OrderEventType = keyof OrderEventMap;
export const ORDER_EVENT_TYPES = [
  'order.created',
  'order.status_changed',
  'order.items_added',
  'order.item_status_changed',
  'refund.requested',
  'order.promised_time_changed',
  'order.updated',
  'order.item_quantity_changed',
] as const satisfies readonly OrderEventType[];
/** Every event type on `orders.events`: the orders' and the brands'. */
export const EVENT_TYPES = [...ORDER_EVENT_TYPES, ...BRAND_EVENT_TYPES] as const satisfies readonly OrderEventType[];

/** The CloudEvents 1.0 context attributes every event on `orders.events` carries beside its `data`. */
export const CloudEventAttributes = z.object({
  specversion: z.literal('1.0'),
  id: uuid,
  type: z.enum(EVENT_TYPES),
  source: z.literal(EVENT_SOURCE),
  subject: uuid,
  time: instant,
  sequence: z.int().min(1),
  datacontenttype: z.literal('application/json'),
  correlationid: z.string().optional().meta({ description: 'Extension: the id of the request that caused the event.' }),
  traceparent: z
    .string()
    .regex(/^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .optional()
    .meta({
      description:
        'Extension (CloudEvents distributed tracing): the W3C trace context of the publish of this event, within the trace ' +
        'of the request that caused it. Present only while tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT).',
      examples: ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    }),
});

const BRAND_SUBJECT = z.string().meta({ description: 'The brand id: brand events count their sequence per brand.' });

/** The whole message body of an event of `type`: its context attributes and that type's data. */
export const cloudEventOf = <T extends OrderEventType>(type: T) =>
  CloudEventAttributes.extend({
    type: z.literal(type),
    subject: isBrandEventType(type) ? BRAND_SUBJECT : uuid,
    data: EVENT_DATA[type],
  });

/** A CloudEvents 1.0 structured-mode document, as published on `orders.events`. */
export type CloudEvent<T extends OrderEventType = OrderEventType> = z.output<typeof CloudEventAttributes> & {
  type: T;
  data: OrderEventMap[T];
};
