import {
  cascadeToItem,
  type ChangeStatusCommand,
  type CloudEvent,
  itemStatusCode,
  itemStatusFromCode,
  orderMachine,
  orderStatusCode,
  orderStatusFromCode,
  type OrderStatus,
  type Result,
} from '#contracts';
import { OutboxEvent } from '../../outbox/outbox-event.js';
import type { Change, OrderState } from '../../persistence/order-changes.js';
import type { HistoryRow } from '../../persistence/order.repository.js';
import { fail, ok } from '../../result.js';
import { parseInstant } from '../../time.js';
import { refundsFor, REFUNDING_STATUSES } from './refunds-on-terminal.js';

/**
 * Decides one command on the order's current state and, if it is accepted, plans its writes.
 * Every refusal is decided here, before anything is written; nothing here touches the database.
 */
export function decideChange(command: ChangeStatusCommand, state: OrderState, now: Date): Result<Change> {
  if (command.expectedVersion !== undefined && command.expectedVersion !== state.version) {
    return versionMismatch(command.orderId, state.version);
  }
  const from = orderStatusFromCode(state.status);
  if (command.expectedStatus !== undefined && command.expectedStatus !== from) {
    return fail({
      code: 'illegal_transition',
      detail: `Order ${command.orderId} is ${from}, no longer ${command.expectedStatus}; nothing changed.`,
      from,
      to: command.status,
      allowed: orderMachine.allowed(from),
    });
  }
  const check = orderMachine.check(from, command.status);
  if (!check.ok) {
    const allowed = check.allowed.length ? check.allowed.join(', ') : `none (${from} is final)`;
    return fail({
      code: 'illegal_transition',
      detail: `Order ${command.orderId} cannot go from ${from} to ${command.status}; allowed: ${allowed}.`,
      from,
      to: command.status,
      allowed: check.allowed,
    });
  }
  const at = instantOf(command, state.last_at, now);
  if (!at.ok) return at;
  return ok(plan(command, state, from, at.value, now));
}

function instantOf(command: ChangeStatusCommand, lastAt: Date, now: Date): Result<Date> {
  // History never runs backwards, even if this replica's clock is behind the last writer's.
  if (command.at === undefined) return ok(now < lastAt ? lastAt : now);
  const given = parseInstant(command.at);
  if (!given || given > now) {
    return fail({ code: 'invalid_time', field: 'at', detail: `at must be a past instant, got "${command.at}".` });
  }
  if (given < lastAt) {
    return fail({
      code: 'invalid_time',
      field: 'at',
      detail: `at ${given.toISOString()} is before the order's previous change at ${lastAt.toISOString()}.`,
    });
  }
  return ok(given);
}

function plan(command: ChangeStatusCommand, state: OrderState, from: OrderStatus, at: Date, now: Date): Change {
  const { orderId, correlationId } = command;
  const to = command.status;
  const cascade = state.items.flatMap((item) => {
    const itemFrom = itemStatusFromCode(item.status);
    const itemTo = cascadeToItem(to, itemFrom);
    return itemTo ? [{ plu: item.plu, from: itemFrom, to: itemTo }] : [];
  });
  const first = state.last_sequence + 1;
  const time = at.toISOString();
  const reason = command.reason ?? null;
  const actor = command.caller.actor;

  const history: HistoryRow[] = [
    { orderId, plu: null, fromStatus: state.status, toStatus: orderStatusCode(to), at, reason, actor, sequence: first },
    ...cascade.map((c, i) => ({
      orderId,
      plu: c.plu,
      fromStatus: itemStatusCode(c.from),
      toStatus: itemStatusCode(c.to),
      at,
      actor,
      sequence: first + 1 + i,
    })),
  ];
  // Terminal statuses are entered once, so each payment is refunded at most once (and the table's unique key says so too).
  const refunds = REFUNDING_STATUSES.includes(to)
    ? refundsFor(
        orderId,
        state.payment_amounts.map((p) => ({ paymentReference: p.reference, amount: p.amount })),
        first + 1 + cascade.length,
        now,
        correlationId,
      )
    : { rows: [], events: [] };
  const events: CloudEvent[] = [
    OutboxEvent.create({
      type: 'order.status_changed',
      orderId,
      sequence: first,
      time,
      data: { orderId, brandId: state.brand_id, customerId: state.customer_id, from, to, at: time, reason },
      correlationId,
    }),
    ...cascade.map((c, i) =>
      OutboxEvent.create({
        type: 'order.item_status_changed',
        orderId,
        sequence: first + 1 + i,
        time,
        data: { orderId, plu: c.plu, from: c.from, to: c.to, at: time },
        correlationId,
      }),
    ),
    ...refunds.events,
  ];

  const moved = new Map(cascade.map((c) => [c.plu, itemStatusCode(c.to)]));
  const after: OrderState = {
    ...state,
    status: orderStatusCode(to),
    version: state.version + 1,
    last_sequence: state.last_sequence + events.length,
    last_at: at,
    updated_at: now,
    items: state.items.map((i) => ({ ...i, status: moved.get(i.plu) ?? i.status })),
  };
  return { after, history, events, refunds: refunds.rows };
}

const versionMismatch = <T>(orderId: string, currentVersion: number): Result<T> =>
  fail({
    code: 'version_mismatch',
    currentVersion,
    detail: `Order ${orderId} is at version ${currentVersion}; reload it and retry.`,
  });
