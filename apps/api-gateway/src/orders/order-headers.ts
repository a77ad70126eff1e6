/** OpenAPI response headers of the orders routes (their bodies are the wire shapes of #contracts: openapi-components.ts). */
export const LOCATION_HEADER = { Location: { description: '/v1/orders/{id}', schema: { type: 'string' } } };
export const ETAG_HEADER = { ETag: { description: 'The order version, quoted: "3".', schema: { type: 'string' } } };
/** History and list ETags are Express's: weak, over the body, so any change to the answer changes them. */
export const BODY_ETAG_HEADER = {
  ETag: { description: 'A weak validator of this answer: W/"<length>-<hash>".', schema: { type: 'string' } },
};
/** Lets a client show when a PLACED order will be auto-rejected: at its `createdAt` plus this. */
export const ACCEPT_TIMEOUT_HEADER = {
  'Order-Accept-Timeout-Ms': {
    description:
      'ORDER_ACCEPT_TIMEOUT_MS: a PLACED order not accepted by its createdAt plus this many milliseconds is rejected ' +
      '(orders whose placedAt was backfilled are exempt).',
    schema: { type: 'integer' },
  },
};
export const CORRELATION_HEADER = {
  'X-Correlation-Id': { description: 'The request’s correlation id (echoed, or generated).', schema: { type: 'string' } },
};
