import type { OrderView, Result } from '#contracts';
import type { Response } from 'express';
import { unwrap } from './domain-error.problem.js';
import { unconfirmedChange } from './unconfirmed-change.problem.js';

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
