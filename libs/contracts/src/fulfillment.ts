/** How an order reaches the customer (CONTRACT section 6). */
export const FULFILLMENT_MODES = ['PICKUP', 'DELIVERY', 'DINE_IN', 'CURBSIDE'] as const;
export type FulfillmentMode = (typeof FULFILLMENT_MODES)[number];

export const MAX_TABLE_LENGTH = 20;
export const MAX_VEHICLE_LENGTH = 60;
