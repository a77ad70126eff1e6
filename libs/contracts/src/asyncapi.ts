import { cloudEventSchema } from './event-schemas.js';
import { EVENT_TYPES, ORDERS_EVENTS_EXCHANGE } from './events.js';

const DESCRIPTIONS: Record<(typeof EVENT_TYPES)[number], string> = {
  'brand.availability_changed':
    'A brand’s availability changed (ONLINE, BUSY with extraPrepMinutes, PAUSED), also when its `until` passed. ' +
    '`subject` is the brand id; `sequence` counts per brand.',
  'brand.item_availability_changed':
    'A PLU of a brand was snoozed (`available: false`, optionally `until`) or is available again, also when its `until` ' +
    'passed. `subject` is the brand id; `sequence` counts per brand, over both brand event types.',
  'order.created': 'An order was stored; data is the whole order as `GET /v1/orders/{id}` returns it.',
  'order.status_changed': 'An order moved from one status to another.',
  'order.items_added': 'Lines were added to a PLACED order; data lists them as added, with the new `totalAmount`.',
  'order.item_status_changed':
    'An item changed status, directly or because its order did. A line taken off the order (cancelled on its own, or ' +
    'quantity 0) carries `reason: "removed"` and the order’s new `totalAmount`.',
  'refund.requested':
    'A refund of one payment is requested: everything left on a rejected or cancelled order (`order_rejected`, ' +
    '`order_cancelled`), what a lower total leaves overpaid (`order_changed`), or a goodwill refund with its own reason.',
  'order.updated': 'An order’s details were edited; `changes` holds each changed field with its whole new value.',
  'order.item_quantity_changed': 'A QUEUED line’s quantity changed (`to` 0: removed); with the order’s new `totalAmount`.',
  'order.promised_time_changed': 'An order’s promised ready time was set (on acceptance, `previous` null) or moved by staff.',
};

/** AMQP headers every event carries besides its body. */
const HEADERS = {
  type: 'object',
  properties: {
    'x-published-at': {
      type: 'integer',
      description:
        'When the orders service handed the event to the broker, in epoch milliseconds: measure a consumer’s lag from it ' +
        '(`time` is when the change happened, long ago for imported history).',
    },
    'x-correlation-id': {
      type: 'string',
      description: 'The correlation id of the request that caused the change, when there was one.',
    },
  },
};

/** The AsyncAPI 3.0 document of `orders.events`, served by the gateway at `/docs/asyncapi.json`. */
export function buildAsyncApiDocument() {
  const messages = Object.fromEntries(
    EVENT_TYPES.map((type) => [
      type.replace('.', '_'),
      {
        name: type,
        title: type,
        summary: DESCRIPTIONS[type],
        contentType: 'application/json',
        headers: HEADERS,
        payload: cloudEventSchema(type),
        bindings: { amqp: { messageType: type, bindingVersion: '0.3.0' } },
      },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Order events',
      version: '1.0.0',
      description:
        'Every committed change of an order (and of a brand’s availability), as plain JSON CloudEvents 1.0 on the `orders.events` topic exchange ' +
        '(routing key = event type; persistent; AMQP `messageId` = event `id`). Delivery is at least once: dedupe by `id`. ' +
        '`sequence` counts from 1 per order with no gaps, in commit order, over all of that order’s events (per brand, ' +
        'over its `brand.*` events, whose `subject` is the brand id); ' +
        '`time` is when the change happened. Bind a queue of your own with the routing keys you need (`order.#`, `brand.#`, `#`).',
    },
    servers: { local: { host: '127.0.0.1:5672', protocol: 'amqp', description: 'RabbitMQ' } },
    channels: {
      orderEvents: {
        address: ORDERS_EVENTS_EXCHANGE,
        messages: Object.fromEntries(Object.keys(messages).map((k) => [k, { $ref: `#/components/messages/${k}` }])),
        bindings: {
          amqp: {
            is: 'routingKey',
            exchange: { name: ORDERS_EVENTS_EXCHANGE, type: 'topic', durable: true, autoDelete: false, vhost: '/' },
            bindingVersion: '0.3.0',
          },
        },
      },
    },
    operations: {
      receiveOrderEvents: {
        action: 'receive',
        channel: { $ref: '#/channels/orderEvents' },
        messages: Object.keys(messages).map((k) => ({ $ref: `#/channels/orderEvents/messages/${k}` })),
        // Persistent delivery is a property of the publish, so it is an operation binding in AMQP binding 0.3.0.
        bindings: { amqp: { deliveryMode: 2, ack: true, bindingVersion: '0.3.0' } },
      },
    },
    components: { messages },
  };
}
