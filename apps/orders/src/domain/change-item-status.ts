import { itemMachine, orderMachine } from '#contracts/rules';
import type { ChangeItemStatusCommand } from '#contracts';
import { v7 as uuidv7 } from 'uuid';
import { fail, ok } from '../result.js';
import { removeLine } from './line-removal.js';
import type { Decision, Order } from './order.js';
import { advanced, illegalTransition, nextInstant, transitionRefusal, versionRefusal } from './order-rules.js';
import { withPartialRefunds } from './partial-refunds.js';

/**
 * Moves one item through the item state machine while its order is not final. The order's
 * version moves too: the item's status is part of the order's representation, so its ETag
 * must change with it. An item cancelled on its own is removed from the order: out of its total,
 * with reason `removed`, and what the customer paid beyond the new total goes back.
 */
export function changeItemStatus(
  order: Order,
  command: ChangeItemStatusCommand,
  now: Date,
  newId: () => string = uuidv7,
): Decision {
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
  const actor = command.caller.actor;
  if (to === 'CANCELLED') {
    const removal = removeLine(order, plu, sequence, at, actor);
    return ok(withPartialRefunds(order, removal.order, [removal.event], at, now, newId));
  }
  return ok({
    order: { ...advanced(order, at, now, 1), items: order.items.map((i) => (i.plu === plu ? { ...i, status: to } : i)) },
    events: [{ type: 'order.item_status_changed', sequence, at, actor, plu, from, to, reason: null, totalAmount: null }],
  });
}
