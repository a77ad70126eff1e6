import * as z from 'zod';
import { FULFILLMENT_MODES } from './fulfillment.js';
import { ITEM_STATUSES, ORDER_STATUSES } from './statuses.js';
import { instant, money, uuid } from './wire-values.js';

/*
 * An order's JSON: one schema per shape, from which its TypeScript type (`z.output`), the event
 * JSON Schemas (event-schemas.ts) and the gateway's OpenAPI components follow.
 */

export const OrderStatusName = z.enum(ORDER_STATUSES);
export const ItemStatusName = z.enum(ITEM_STATUSES);

/** A line as `order.items_added` carries it; in an order it also has its status. */
export const OrderItemLine = z.object({
  plu: z.string().meta({ examples: ['CAT1-0001'] }),
  name: z.string().meta({ examples: ['Hawaii Burger'] }),
  quantity: z
    .int()
    .min(1)
    .meta({ examples: [1] }),
  unitPrice: money.nullable().meta({ examples: [12.5] }),
});
export type OrderItemLine = z.output<typeof OrderItemLine>;

export const OrderItemView = OrderItemLine.extend({ status: ItemStatusName.meta({ examples: ['QUEUED'] }) });
export type OrderItemView = z.output<typeof OrderItemView>;

export const CustomerView = z.object({
  id: z
    .string()
    .nullable()
    .meta({ examples: ['c-42'] }),
  name: z
    .string()
    .nullable()
    .meta({ examples: ['John Doe'] }),
  phoneNumber: z
    .string()
    .nullable()
    .meta({ examples: ['+123456789'] }),
});

export const AddressView = z.object({
  city: z
    .string()
    .optional()
    .meta({ examples: ['Helsinki'] }),
  street: z
    .string()
    .optional()
    .meta({ examples: ['Huuvatie 1'] }),
  postalCode: z
    .string()
    .optional()
    .meta({ examples: ['00100'] }),
});

export const PaymentView = z.object({
  reference: z.string().meta({ examples: ['pay_8f2a'] }),
  amount: money.meta({ examples: [12.5] }),
});

/** How the order reaches the customer; `table` only with DINE_IN, `vehicle` only with CURBSIDE. */
export const FulfillmentView = z.object({
  mode: z.enum(FULFILLMENT_MODES).meta({ examples: ['DELIVERY'] }),
  table: z
    .string()
    .optional()
    .meta({ examples: ['12'] }),
  vehicle: z
    .string()
    .optional()
    .meta({ examples: ['red Volvo ABC-123'] }),
});
export type FulfillmentView = z.output<typeof FulfillmentView>;

/** An order as `GET /v1/orders/{id}` returns it and as `order.created` carries it. */
export const OrderView = z.object({
  id: uuid,
  channelOrderId: z.string().meta({ examples: ['TEST1626898082'] }),
  brandId: z.string().meta({ examples: ['60bfc6dc4887c9851d5a0245'] }),
  account: z.string().nullable(),
  customer: CustomerView,
  deliveryAddress: AddressView.nullable(),
  fulfillment: FulfillmentView.meta({
    description: 'Given on create, else DELIVERY when a deliveryAddress was given, PICKUP otherwise.',
  }),
  pickupTime: instant.nullable(),
  scheduled: z.boolean().meta({
    description: 'pickupTime is more than SCHEDULE_THRESHOLD_MS after receipt: the kitchen sees it from releaseAt.',
  }),
  releaseAt: instant.meta({
    description:
      'When the order is released to the kitchen and its acceptance timeout starts: pickupTime minus the brand’s prep ' +
      'estimate for a scheduled order (never before createdAt), else createdAt.',
  }),
  promisedReadyAt: instant.nullable().meta({
    description:
      'When the order is promised ready: null until accepted, then the later of the acceptance time plus prepMinutes ' +
      '(or the brand’s prep estimate) and pickupTime; moved by PATCH /v1/orders/{id}/promised-time.',
  }),
  items: z.array(OrderItemView),
  payments: z.array(PaymentView),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .meta({ examples: ['EUR'] }),
  status: OrderStatusName.meta({ examples: ['PLACED'] }),
  version: z
    .int()
    .min(1)
    .meta({ examples: [1], description: 'Optimistic-locking version; the ETag is its quoted value.' }),
  totalAmount: money.meta({
    examples: [12.5],
    description: 'Sum of quantity × unitPrice over the lines not removed (0 where prices are absent).',
  }),
  paidAmount: money.meta({ examples: [12.5], description: 'Sum of the payments.' }),
  refundedAmount: money.meta({ examples: [0], description: 'Sum of the order’s refunds that are not FAILED.' }),
  placedAt: instant.meta({ description: '= createdAt unless backfilled.' }),
  createdAt: instant,
  updatedAt: instant,
  archived: z.boolean().meta({
    description:
      'The order was finished more than ORDER_RETENTION_DAYS ago and moved to the archive: it answers GET ' +
      '/v1/orders/{id}, and lists and the export only with includeArchived=true. Always false in events.',
  }),
});
export type OrderView = z.output<typeof OrderView>;

/** The customer's tracking link, on every answer of `POST /v1/orders` (never in the order view, events or webhooks). */
const trackingToken = z.string().meta({
  examples: ['q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe'],
  description:
    'The customer’s tracking link is /track/{trackingToken} (its API: GET /v1/track/{trackingToken}): 192 random bits, ' +
    'unguessable. A retry of the create answers a token of its own, which works as well as the first. Hand it only to ' +
    'the customer of the order.',
});

/** The 201 and 200 answers of `POST /v1/orders`: the order, and its tracking token. */
export const CreatedOrder = OrderView.extend({ trackingToken });
export type CreatedOrder = z.output<typeof CreatedOrder>;

/** The 202 answer of `POST /v1/orders`: durably queued, not yet stored. */
export const OrderAccepted = z.object({ id: uuid, status: z.literal('PLACED').meta({ examples: ['PLACED'] }), trackingToken });
export type OrderAccepted = z.output<typeof OrderAccepted>;

/** The 202 answer of a change whose outcome did not come back within INTAKE_WAIT_MS: durably queued, applied at most once. */
export const ChangeAccepted = z.object({
  id: z.string().meta({ description: 'The order, refund, brand, webhook subscription or delivery the change is queued for.' }),
  detail: z.string().meta({
    examples: ['The change is queued and will be applied once; GET the Location, or retry with the same Idempotency-Key.'],
  }),
});
export type ChangeAccepted = z.output<typeof ChangeAccepted>;

/** A page of a list: `items`, and the cursor of the next page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null at the end.' }),
  });

export const OrderPage = pageOf(OrderView);
export type OrderPage = z.output<typeof OrderPage>;

export const OrderHistoryEntry = z.object({
  status: OrderStatusName,
  at: instant,
  reason: z.string().optional(),
  actor: z
    .string()
    .optional()
    .meta({ examples: ['staff:1a2b3c4d'] }),
});

export const ItemHistoryEntry = z.object({
  status: ItemStatusName,
  at: instant,
  reason: z.string().optional(),
  actor: z.string().optional(),
});

/** `GET /v1/orders/{id}/history`. */
export const OrderHistoryView = z.object({
  order: z.array(OrderHistoryEntry).meta({ description: 'Oldest first.' }),
  items: z.record(z.string(), z.array(ItemHistoryEntry)).meta({ description: 'Per plu, oldest first.' }),
});
export type OrderHistoryView = z.output<typeof OrderHistoryView>;
