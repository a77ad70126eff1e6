import { cloudEventOf, type OrderEventType } from './events.js';
import { jsonSchemaOf } from './json-schema.js';

/**
 * The JSON Schema (2020-12) of what `orders.events` carries for an event of `type`: the CloudEvents
 * envelope with that type's data. Subscribers generate code from them; the contract tests validate
 * every event the end-to-end tests receive against them.
 */
export function cloudEventSchema(type: OrderEventType): Record<string, unknown> {
  return {
    ...jsonSchemaOf(cloudEventOf(type)),
    $id: `https://schemas.orders.dev/events/${type}.json`,
    title: type,
  };
}
