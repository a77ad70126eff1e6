import { type ChangeItemStatusCommand, itemMachine, orderMachine } from '#contracts';
import { fail, ok } from '../result.js';
import type { Decision, Order } from './order.js';
import { advanced, illegalTransition, nextInstant, transitionRefusal, versionRefusal } from './order-rules.js';

/**
 * Moves one item through the item state machine while its order is not final. The order's
 * version moves too: the item's status is part of the order's representation, so its ETag
 * must change with it.
 */
export function changeItemStatus(order: Order, command: ChangeItemStatusCommand, now: Date): Decision {
  const { plu, status: to } = command;
  const versionMismatch = versionRefusal(order, command.expectedVersion);
  if (versionMismatch) return versionMismatch;
  const item = order.items.find((i) => i.plu === plu);
  if (!item) return fail({ code: 'not_found', detail: `Order ${order.id} has no item with plu "${plu}".` });
  const from = item.status;
  if (orderMachine.isTerminal(order.status)) {
    return illegalTransition(`Order ${order.id} is ${order.status} (final): its items cannot change any more.`, from, to, []);
  }
  const illegal = transitionRefusal(itemMachine, `Item ${plu}`, from, to);
  if (illegal) return illegal;

  const at = nextInstant(order, now);
  const sequence = order.lastSequence + 1;
  return ok({
    order: { ...advanced(order, at, now, 1), items: order.items.map((i) => (i.plu === plu ? { ...i, status: to } : i)) },
    events: [{ type: 'order.item_status_changed', sequence, at, actor: command.caller.actor, plu, from, to }],
  });
}
