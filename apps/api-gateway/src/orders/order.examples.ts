/** Whole examples for the OpenAPI document: the platform's reference order, as sent and as answered. */
import {
  type CloudEvent,
  type CreatedOrder,
  type CreateOrderDto,
  EVENT_SOURCE,
  type OrderHistoryView,
  type OrderPage,
  type OrderView,
  type TrackingView,
  orderIdFor,
} from '#contracts';
import { PROBLEM_TYPE_BASE, ProblemTypes } from '#http';

const PLACED_AT = '2021-07-22T20:08:02.000Z';
const ACCEPTED_AT = '2021-07-22T20:09:30.000Z';

export const CREATE_ORDER_EXAMPLE = {
  channelOrderId: 'TEST1626898082',
  brandId: '60bfc6dc4887c9851d5a0245',
  account: '60bfc6dc4887c9851d5a0246',
  customer: { name: 'John Doe', phoneNumber: '+123456789' },
  deliveryAddress: { city: 'Helsinki', street: 'Huuvatie 1', postalCode: '00100' },
  fulfillment: { mode: 'DELIVERY' },
  items: [
    { plu: 'CAT1-0001', name: 'Hawaii Burger', quantity: 1, unitPrice: 12.5 },
    { plu: 'CAT2-0001', name: 'Sushi Set Large', quantity: 1 },
  ],
} satisfies CreateOrderDto;

export const ORDER_ID_EXAMPLE = orderIdFor(CREATE_ORDER_EXAMPLE.brandId, CREATE_ORDER_EXAMPLE.channelOrderId);

export const ORDER_EXAMPLE: OrderView = {
  id: ORDER_ID_EXAMPLE,
  channelOrderId: CREATE_ORDER_EXAMPLE.channelOrderId,
  brandId: CREATE_ORDER_EXAMPLE.brandId,
  account: CREATE_ORDER_EXAMPLE.account,
  customer: { id: null, ...CREATE_ORDER_EXAMPLE.customer },
  deliveryAddress: CREATE_ORDER_EXAMPLE.deliveryAddress,
  fulfillment: CREATE_ORDER_EXAMPLE.fulfillment,
  pickupTime: null,
  scheduled: false,
  releaseAt: PLACED_AT,
  promisedReadyAt: null,
  items: CREATE_ORDER_EXAMPLE.items.map((item) => ({ unitPrice: null, ...item, status: 'QUEUED' })),
  payments: [],
  currency: null,
  status: 'PLACED',
  version: 1,
  totalAmount: 12.5,
  paidAmount: 0,
  refundedAmount: 0,
  placedAt: PLACED_AT,
  createdAt: PLACED_AT,
  updatedAt: PLACED_AT,
  archived: false,
};

export const CREATED_ORDER_EXAMPLE: CreatedOrder = { ...ORDER_EXAMPLE, trackingToken: 'q5Zk3v0bN8Wm2cX1rT7yH4jP9sLd6aFe' };

/** What the customer's link shows of the accepted order. */
export const TRACKING_EXAMPLE: TrackingView = {
  status: 'ACCEPTED',
  fulfillment: { mode: ORDER_EXAMPLE.fulfillment.mode },
  placedAt: PLACED_AT,
  scheduled: false,
  pickupTime: null,
  promisedReadyAt: '2021-07-22T20:24:30.000Z',
  items: ORDER_EXAMPLE.items.map(({ name, quantity }) => ({ name, quantity, status: 'QUEUED' })),
  updatedAt: ACCEPTED_AT,
};

export const ACCEPTED_ORDER_EXAMPLE: OrderView = {
  ...ORDER_EXAMPLE,
  status: 'ACCEPTED',
  version: 2,
  updatedAt: ACCEPTED_AT,
  // The default estimate of 15 minutes after the acceptance.
  promisedReadyAt: '2021-07-22T20:24:30.000Z',
};

export const CHANGE_STATUS_EXAMPLE = { status: 'ACCEPTED' };

/** What the kitchen gets for moving the accepted order straight to PICKED_UP. */
export const ILLEGAL_TRANSITION_EXAMPLE = {
  type: `${PROBLEM_TYPE_BASE}${ProblemTypes.illegalTransition}`,
  title: 'Transition not allowed',
  status: 409,
  detail: `Order ${ORDER_ID_EXAMPLE} cannot go from ACCEPTED to PICKED_UP; allowed: PREPARING, CANCELLED.`,
  instance: `/v1/orders/${ORDER_ID_EXAMPLE}/status`,
  from: 'ACCEPTED',
  to: 'PICKED_UP',
  allowed: ['PREPARING', 'CANCELLED'],
};

export const ADD_ITEMS_EXAMPLE = { items: [{ plu: 'CAT3-0001', name: 'Lemonade', quantity: 2, unitPrice: 3.5 }] };

export const ORDER_WITH_ADDED_ITEMS_EXAMPLE: OrderView = {
  ...ACCEPTED_ORDER_EXAMPLE,
  items: [...ACCEPTED_ORDER_EXAMPLE.items, ...ADD_ITEMS_EXAMPLE.items.map((item) => ({ ...item, status: 'QUEUED' as const }))],
  version: 3,
  totalAmount: 19.5,
};

export const ORDER_PAGE_EXAMPLE: OrderPage = { items: [ACCEPTED_ORDER_EXAMPLE], nextCursor: null };

export const ORDER_HISTORY_EXAMPLE: OrderHistoryView = {
  order: [
    { status: 'PLACED', at: PLACED_AT },
    { status: 'ACCEPTED', at: ACCEPTED_AT, actor: 'staff:1a2b3c4d' },
  ],
  items: Object.fromEntries(CREATE_ORDER_EXAMPLE.items.map((item) => [item.plu, [{ status: 'QUEUED', at: PLACED_AT }]])),
};

export const STATUS_CHANGED_EVENT_EXAMPLE: CloudEvent<'order.status_changed'> = {
  specversion: '1.0',
  id: '0b6f3c1e-6c1f-4a53-9a55-2f0c3c7d8e91',
  type: 'order.status_changed',
  source: EVENT_SOURCE,
  subject: ORDER_ID_EXAMPLE,
  time: ACCEPTED_AT,
  sequence: 2,
  datacontenttype: 'application/json',
  data: {
    orderId: ORDER_ID_EXAMPLE,
    brandId: CREATE_ORDER_EXAMPLE.brandId,
    customerId: '+123456789',
    from: 'PLACED',
    to: 'ACCEPTED',
    at: ACCEPTED_AT,
    reason: null,
  },
};
