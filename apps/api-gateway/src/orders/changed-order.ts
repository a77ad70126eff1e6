import type { OrderView, Result } from '#contracts';
import type { Response } from 'express';
import { scopeOf } from '../auth/brand-scope.js';
import type { AuthenticatedCaller } from '../auth/caller.js';
import { unwrap } from './domain-error.problem.js';
import { parseIfMatch } from './request-input.js';
import { unconfirmedChange } from './unconfirmed-change.problem.js';

/**
 * What every change to an order sends beside its own fields: the order, the version the caller
 * meant (`If-Match`, a 400 when malformed), who asks, and the brands the key may act on.
 */
export function orderChange(orderId: string, ifMatch: string | undefined, caller: AuthenticatedCaller, correlationId: string) {
  const expectedVersion = parseIfMatch(ifMatch);
  return {
    orderId,
    ...(expectedVersion === undefined ? {} : { expectedVersion }),
    caller: { role: caller.role, actor: caller.actor },
    correlationId,
    ...scopeOf(caller),
  };
}

/**
 * The order a change to it answered, its ETag set; a 503 saying so when the change was queued but
 * its outcome did not come back in time (`title` and `detail` of that problem).
 */
export function changedOrder(
  reply: { answered: true; result: Result<OrderView> } | { answered: false },
  res: Response,
  unconfirmed: { title: string; detail: string },
): OrderView {
  if (!reply.answered) throw unconfirmedChange(unconfirmed.title, unconfirmed.detail);
  const order = unwrap(reply.result);
  res.setHeader('ETag', `"${order.version}"`);
  return order;
}
