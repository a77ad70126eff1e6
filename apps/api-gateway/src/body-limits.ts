import type { RouteBodyLimit } from '#http';

/**
 * Request body limits, sized to what the contract lets a body hold. The largest legitimate body is
 * an order (or a list of added items) of 200 lines with every string at its longest and every
 * character written as a `\uXXXX` escape, as JSON encoders that emit ASCII only do: about 300 KB.
 * Every other body is a few fields of at most 500 characters.
 */
export const ORDER_BODY_LIMIT = 512 * 1024;
export const OTHER_BODY_LIMIT = 16 * 1024;

export const GATEWAY_BODY_LIMITS: readonly RouteBodyLimit[] = [
  { method: 'POST', path: /^\/v1\/orders\/?$/i, limit: ORDER_BODY_LIMIT },
  { method: 'POST', path: /^\/v1\/orders\/[^/]+\/items\/?$/i, limit: ORDER_BODY_LIMIT },
];
