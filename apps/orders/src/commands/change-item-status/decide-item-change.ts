import {
  type ChangeItemStatusCommand,
  itemMachine,
  itemStatusCode,
  itemStatusFromCode,
  orderMachine,
  orderStatusFromCode,
  type Result,
} from '#contracts';
import { OutboxEvent } from '../../outbox/outbox-event.js';
import type { Change, OrderState } from '../../persistence/order-changes.js';
import { fail, ok } from '../../result.js';

/**
 * Decides one item change on the order's current state and, if it is accepted, plans its writes.
 * The order's version moves too: the item's status is part of the order's representation, so
 * its ETag must change with it.
 */
export function decideItemChange(command: ChangeItemStatusCommand, state: OrderState, now: Date): Result<Change> {
  const { orderId, plu } = command;
  if (command.expectedVersion !== undefined && command.expectedVersion !== state.version) {
    return fail({
      code: 'version_mismatch',
      currentVersion: state.version,
      detail: `Order ${orderId} is at version ${state.version}; reload it and retry.`,
    });
  }
  const item = state.items.find((i) => i.plu === plu);
  if (!item) return fail({ code: 'not_found', detail: `Order ${orderId} has no item with plu "${plu}".` });
  const from = itemStatusFromCode(item.status);
  const orderStatus = orderStatusFromCode(state.status);
  if (orderMachine.isTerminal(orderStatus)) {
    return fail({
      code: 'illegal_transition',
      detail: `Order ${orderId} is ${orderStatus} (final): its items cannot change any more.`,
      from,
      to: command.status,
      allowed: [],
    });
  }
  const check = itemMachine.check(from, command.status);
  if (!check.ok) {
    const allowed = check.allowed.length ? check.allowed.join(', ') : `none (${from} is final)`;
    return fail({
      code: 'illegal_transition',
      detail: `Item ${plu} cannot go from ${from} to ${command.status}; allowed: ${allowed}.`,
      from,
      to: command.status,
      allowed: check.allowed,
    });
  }

  // History never runs backwards, even if this replica's clock is behind the last writer's.
  const at = now < state.last_at ? state.last_at : now;
  const time = at.toISOString();
  const sequence = state.last_sequence + 1;
  const to = itemStatusCode(command.status);
  return ok({
    after: {
      ...state,
      version: state.version + 1,
      last_sequence: sequence,
      last_at: at,
      updated_at: now,
      items: state.items.map((i) => (i.plu === plu ? { ...i, status: to } : i)),
    },
    history: [{ orderId, plu, fromStatus: item.status, toStatus: to, at, actor: command.caller.actor, sequence }],
    events: [
      OutboxEvent.create({
        type: 'order.item_status_changed',
        orderId,
        sequence,
        time,
        data: { orderId, plu, from, to: command.status, at: time },
        correlationId: command.correlationId,
      }),
    ],
    refunds: [],
  });
}
