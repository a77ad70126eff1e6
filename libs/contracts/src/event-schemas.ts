import { ITEM_STATUSES, ORDER_STATUSES } from './statuses.js';
import type { OrderEventType } from './events.js';

/**
 * JSON Schemas (2020-12) of what `orders.events` carries: the CloudEvents envelope and, per type,
 * its `data`. Subscribers generate code from them; the contract tests validate every event the
 * end-to-end tests receive against them.
 */
const instant = { type: 'string', format: 'date-time', pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$' };
const uuid = { type: 'string', format: 'uuid' };
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const orderStatus = { type: 'string', enum: [...ORDER_STATUSES] };
const itemStatus = { type: 'string', enum: [...ITEM_STATUSES] };
const money = { type: 'number', minimum: 0 };

const itemLine = {
  type: 'object',
  required: ['plu', 'name', 'quantity', 'unitPrice'],
  properties: {
    plu: { type: 'string' },
    name: { type: 'string' },
    quantity: { type: 'integer', minimum: 1 },
    unitPrice: nullable(money),
  },
};

export const ORDER_VIEW_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'channelOrderId',
    'brandId',
    'account',
    'customer',
    'deliveryAddress',
    'pickupTime',
    'items',
    'payments',
    'currency',
    'status',
    'version',
    'totalAmount',
    'placedAt',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: uuid,
    channelOrderId: { type: 'string' },
    brandId: { type: 'string' },
    account: nullable({ type: 'string' }),
    customer: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'phoneNumber'],
      properties: {
        id: nullable({ type: 'string' }),
        name: nullable({ type: 'string' }),
        phoneNumber: nullable({ type: 'string' }),
      },
    },
    deliveryAddress: nullable({
      type: 'object',
      additionalProperties: false,
      properties: { city: { type: 'string' }, street: { type: 'string' }, postalCode: { type: 'string' } },
    }),
    pickupTime: nullable(instant),
    items: {
      type: 'array',
      items: {
        ...itemLine,
        required: [...itemLine.required, 'status'],
        properties: { ...itemLine.properties, status: itemStatus },
      },
    },
    payments: {
      type: 'array',
      items: { type: 'object', required: ['reference', 'amount'], properties: { reference: { type: 'string' }, amount: money } },
    },
    currency: nullable({ type: 'string', pattern: '^[A-Z]{3}$' }),
    status: orderStatus,
    version: { type: 'integer', minimum: 1 },
    totalAmount: money,
    placedAt: instant,
    createdAt: instant,
    updatedAt: instant,
  },
};

export const EVENT_DATA_SCHEMAS: Record<OrderEventType, object> = {
  'order.created': ORDER_VIEW_SCHEMA,
  'order.status_changed': {
    type: 'object',
    additionalProperties: false,
    required: ['orderId', 'brandId', 'customerId', 'from', 'to', 'at', 'reason'],
    properties: {
      orderId: uuid,
      brandId: { type: 'string' },
      customerId: nullable({ type: 'string' }),
      from: orderStatus,
      to: orderStatus,
      at: instant,
      reason: nullable({ type: 'string' }),
    },
  },
  'order.items_added': {
    type: 'object',
    additionalProperties: false,
    required: ['orderId', 'items'],
    properties: { orderId: uuid, items: { type: 'array', minItems: 1, items: itemLine } },
  },
  'order.item_status_changed': {
    type: 'object',
    additionalProperties: false,
    required: ['orderId', 'plu', 'from', 'to', 'at'],
    properties: { orderId: uuid, plu: { type: 'string' }, from: itemStatus, to: itemStatus, at: instant },
  },
  'refund.requested': {
    type: 'object',
    additionalProperties: false,
    required: ['refundId', 'orderId', 'paymentReference', 'amount'],
    properties: { refundId: uuid, orderId: uuid, paymentReference: { type: 'string' }, amount: money },
  },
};

/** The whole message body of an event of `type`: the CloudEvents envelope with that type's data. */
export function cloudEventSchema(type: OrderEventType): object {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://schemas.orders.dev/events/${type}.json`,
    title: type,
    type: 'object',
    additionalProperties: false,
    required: ['specversion', 'id', 'type', 'source', 'subject', 'time', 'sequence', 'datacontenttype', 'data'],
    properties: {
      specversion: { const: '1.0' },
      id: uuid,
      type: { const: type },
      source: { const: 'orders-service' },
      subject: uuid,
      time: instant,
      sequence: { type: 'integer', minimum: 1 },
      datacontenttype: { const: 'application/json' },
      correlationid: { type: 'string', description: 'Extension: the id of the request that caused the event.' },
      data: EVENT_DATA_SCHEMAS[type],
    },
  };
}
