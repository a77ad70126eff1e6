import type { ChangeAccepted, Idempotent, OrderView, Result } from '#contracts';
import type { Response } from 'express';
import { scopeOf } from '../auth/brand-scope.js';
import type { AuthenticatedCaller } from '../auth/caller.js';
import { unwrap } from './domain-error.problem.js';
import { parseIdempotencyKey, parseIfMatch, sha256OfCanonicalJson } from './request-input.js';

/** A change as the request carries it: the `Idempotency-Key` header (optional) and the body it came with. */
export interface KeyedRequest {
  idempotencyKey: string | undefined;
  body: unknown;
}

/**
 * A change's Idempotency-Key (a 400 naming the header when malformed) and the hash of what the
 * request asks. The orders service scopes the key to the caller and the route's target, so the
 * hash need only cover what may differ between requests to one target: the body and If-Match.
 */
export function changeKey(request: KeyedRequest, expectedVersion?: number): Idempotent {
  const idempotencyKey = parseIdempotencyKey(request.idempotencyKey);
  if (idempotencyKey === undefined) return {};
  return { idempotencyKey, requestHash: sha256OfCanonicalJson({ body: request.body, expectedVersion }) };
}

/**
 * What every change to an order sends beside its own fields: the order, the version the caller
 * meant (`If-Match`, a 400 when malformed), its Idempotency-Key, who asks, and the brands the key
 * may act on.
 */
export function orderChange(
  orderId: string,
  ifMatch: string | undefined,
  caller: AuthenticatedCaller,
  correlationId: string,
  request: KeyedRequest,
) {
  const expectedVersion = parseIfMatch(ifMatch);
  return {
    orderId,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
    ...changeKey(request, expectedVersion),
    caller: { role: caller.role, actor: caller.actor },
    correlationId,
    ...scopeOf(caller),
  };
}

export type CommandReply<T> = { answered: true; result: T } | { answered: false };

/**
 * `202` with `Location` for a change the broker confirmed but whose outcome did not come back
 * within INTAKE_WAIT_MS: it is queued and will be applied once (a 503 means nothing was queued).
 */
export function acceptedChange(res: Response, id: string, location: string): ChangeAccepted {
  res.status(202);
  res.setHeader('Location', location);
  return {
    id,
    detail:
      'The change is queued and will be applied once; its outcome did not come back in time. GET the Location to see it, ' +
      'or retry with the same Idempotency-Key for the answer.',
  };
}

/** The order a change to it answered, its ETag set; a 202 when it was queued but its outcome did not come back in time. */
export function changedOrder(reply: CommandReply<Result<OrderView>>, res: Response, orderId: string): OrderView | ChangeAccepted {
  if (!reply.answered) return acceptedChange(res, orderId, `/v1/orders/${orderId}`);
  const order = unwrap(reply.result);
  res.setHeader('ETag', `"${order.version}"`);
  return order;
}
