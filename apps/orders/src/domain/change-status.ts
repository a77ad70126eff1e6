import { cascadeToItem, orderMachine, parseInstant } from '#contracts/rules';
import type { ChangeStatusCommand, Result } from '#contracts';
import { fail, ok } from '../result.js';
import type { Decision, Order, OrderEvent } from './order.js';
import { advanced, illegalTransition, nextInstant, transitionRefusal, versionRefusal } from './order-rules.js';
import { DEFAULT_SCHEDULE_POLICY } from './place-order.js';
import { promiseOnAcceptance } from './promised-time.js';
import { refundOnEntering } from './refunds-on-terminal.js';

/**
 * Moves an order to another status, if the transition table (libs/contracts transitions.ts) and
 * the command's expectations allow it. Items follow (READY readies what is in progress,
 * REJECTED and CANCELLED cancel what is not READY) and a terminal status refunds the payments.
 * Accepting promises a ready time: `prepMinutes` after the acceptance, else the brand's estimate.
 */
export function changeStatus(
  order: Order,
  command: ChangeStatusCommand,
  now: Date,
  prepEstimateMinutes = DEFAULT_SCHEDULE_POLICY.prepEstimateMinutes,
): Decision {
  const versionMismatch = versionRefusal(order, command.expectedVersion);
  if (versionMismatch) return versionMismatch;
  const from = order.status;
  const to = command.status;
  if (command.expectedStatus !== undefined && command.expectedStatus !== from) {
    const detail = `Order ${order.id} is ${from}, no longer ${command.expectedStatus}; nothing changed.`;
    return illegalTransition(detail, from, to, orderMachine.allowed(from));
  }
  const illegal = transitionRefusal(orderMachine, `Order ${order.id}`, from, to);
  if (illegal) return illegal;
  if (command.prepMinutes !== undefined && to !== 'ACCEPTED') {
    return fail({ code: 'invalid_input', field: 'prepMinutes', detail: 'prepMinutes goes only with status ACCEPTED.' });
  }
  const at = instantOf(command, order, now);
  if (!at.ok) return at;

  const actor = command.caller.actor;
  const first = order.lastSequence + 1;
  const events: OrderEvent[] = [
    { type: 'order.status_changed', sequence: first, at: at.value, actor, from, to, reason: command.reason ?? null },
  ];
  const items = order.items.map((item) => {
    const itemTo = cascadeToItem(to, item.status);
    if (!itemTo) return item;
    events.push({
      type: 'order.item_status_changed',
      sequence: first + events.length,
      at: at.value,
      actor,
      plu: item.plu,
      from: item.status,
      to: itemTo,
      reason: null,
      totalAmount: null,
    });
    return { ...item, status: itemTo };
  });
  let promise: Pick<Order, 'acceptedAt' | 'promisedReadyAt'> = {
    acceptedAt: order.acceptedAt,
    promisedReadyAt: order.promisedReadyAt,
  };
  if (to === 'ACCEPTED') {
    promise = {
      acceptedAt: at.value,
      promisedReadyAt: promiseOnAcceptance(at.value, command.prepMinutes ?? prepEstimateMinutes, order.pickupTime),
    };
    events.push({
      type: 'order.promised_time_changed',
      sequence: first + events.length,
      at: at.value,
      actor,
      promisedReadyAt: promise.promisedReadyAt!,
      previous: null,
      reason: null,
    });
  }
  const refunded = refundOnEntering(order, to, first + events.length, now, now);
  events.push(...refunded.events);
  const after = { ...advanced(refunded.order, at.value, now, events.length), status: to, items, ...promise };
  return ok({ order: after, events });
}

/** A backfilled `at` is a past instant no earlier than the order's last change; without one, now. */
function instantOf(command: ChangeStatusCommand, order: Order, now: Date): Result<Date> {
  if (command.at === undefined) return ok(nextInstant(order, now));
  const given = parseInstant(command.at);
  if (!given || given > now) {
    return fail({ code: 'invalid_time', field: 'at', detail: `at must be a past instant, got "${command.at}".` });
  }
  if (given < order.lastChangeAt) {
    return fail({
      code: 'invalid_time',
      field: 'at',
      detail: `at ${given.toISOString()} is before the order's previous change at ${order.lastChangeAt.toISOString()}.`,
    });
  }
  return ok(given);
}
