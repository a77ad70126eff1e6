import {
  cascadeToItem,
  inBrandScope,
  type ChangeStatusCommand,
  itemStatusCode,
  itemStatusFromCode,
  orderMachine,
  orderStatusCode,
  orderStatusFromCode,
  type CloudEvent,
  type ItemStatus,
  type OrderStatus,
  type OrderView,
  type Result,
} from '#contracts';
import { APP_CONFIG, type AppConfig } from '#config';
import { inTransaction, type Tx } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BATCH_WINDOW_MS } from '../../batching/batch-window.js';
import { CommandBatcher } from '../../batching/command-batcher.js';
import { OutboxEvent } from '../../outbox/outbox-event.js';
import { OutboxRelay } from '../../outbox/outbox-relay.service.js';
import { ORDER_VIEW_COLUMNS, toOrderView, type OrderViewRow } from '../../persistence/order.mapper.js';
import { insertHistory, UUID_PATTERN } from '../../persistence/order.repository.js';
import { insertOutbox } from '../../persistence/outbox.repository.js';
import { refundsFor, REFUNDING_STATUSES, type RefundPlan } from './refunds-on-terminal.js';
import { fail, notFound, ok } from '../../result.js';
import { parseInstant } from '../../time.js';

/** Without an expected version a lost race is simply decided again on the fresh state, a few times. */
const MAX_ATTEMPTS = 5;

type OrderState = OrderViewRow & {
  customer_id: string | null;
  last_at: Date;
  /** Exact decimals, for the refunds. */
  payment_amounts: { reference: string; amount: string }[];
};

interface Decision {
  from: OrderStatus;
  to: OrderStatus;
  at: Date;
  cascade: { plu: string; from: ItemStatus; to: ItemStatus }[];
  refunds: RefundPlan[];
}

/**
 * Status changes, group-committed: the commands of one prefetch window run one after another in
 * one transaction, each under a savepoint (a lost race undoes only its own writes), and each is
 * answered after the commit. Each locks its order row first, so it decides on the latest state.
 */
@Injectable()
export class ChangeStatusService {
  private readonly batcher: CommandBatcher<ChangeStatusCommand, Result<OrderView>>;

  constructor(
    dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.batcher = new CommandBatcher((batch) => inTransaction(dataSource, (tx) => this.runBatch(tx, batch)), {
      maxSize: config.prefetch,
      windowMs: BATCH_WINDOW_MS,
    });
  }

  async execute(command: ChangeStatusCommand): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    const result = await this.batcher.submit(command);
    if (result.ok) this.relay.kick();
    return result;
  }

  private async runBatch(tx: Tx, batch: ChangeStatusCommand[]): Promise<Result<OrderView>[]> {
    const results = new Map<ChangeStatusCommand, Result<OrderView>>();
    // Rows are locked in id order, so concurrent batches never wait on each other in a circle.
    const ordered = [...batch].sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
    for (const command of ordered) results.set(command, await this.one(tx, command));
    return batch.map((command) => results.get(command)!);
  }

  private async one(tx: Tx, command: ChangeStatusCommand): Promise<Result<OrderView>> {
    for (let attempt = 1; ; attempt++) {
      await tx.affected('SAVEPOINT change_status');
      const state = await load(tx, command.orderId);
      if (!state || !inBrandScope(command, state.brand_id)) return notFound(command.orderId);
      const decision = decide(command, state, new Date());
      if (!decision.ok) return decision;
      const order = await this.apply(tx, command, state, decision.value);
      if (order) return ok(order);
      await tx.affected('ROLLBACK TO SAVEPOINT change_status');
      if (command.expectedVersion !== undefined || attempt >= MAX_ATTEMPTS) {
        const current = await load(tx, command.orderId);
        if (!current) return notFound(command.orderId);
        return versionMismatch(command.orderId, current.version);
      }
    }
  }

  /** Null when the order's items moved on since it was loaded; the caller undoes what was written. */
  private async apply(tx: Tx, command: ChangeStatusCommand, state: OrderState, d: Decision): Promise<OrderView | null> {
    const orderId = command.orderId;
    const now = new Date();
    const [updated] = await tx.rows<{ last_sequence: number }>(
      `UPDATE orders.orders
          SET status = $2, version = version + 1, last_sequence = last_sequence + $3, updated_at = $4
        WHERE id = $1 AND version = $5
        RETURNING last_sequence`,
      [orderId, orderStatusCode(d.to), 1 + d.cascade.length + d.refunds.length, now, state.version],
    );
    if (!updated) return null;
    const first = updated.last_sequence - d.cascade.length - d.refunds.length;

    if (d.cascade.length) {
      // Guarded by each item's loaded status, in case an item changed without the order's version moving.
      const moved = await tx.affected(
        `UPDATE orders.order_items i SET status = c.to_status
           FROM unnest($2::text[], $3::smallint[], $4::smallint[]) AS c(plu, from_status, to_status)
          WHERE i.order_id = $1 AND i.plu = c.plu AND i.status = c.from_status`,
        [
          orderId,
          d.cascade.map((c) => c.plu),
          d.cascade.map((c) => itemStatusCode(c.from)),
          d.cascade.map((c) => itemStatusCode(c.to)),
        ],
      );
      if (moved !== d.cascade.length) return null;
    }

    const at = d.at.toISOString();
    const reason = command.reason ?? null;
    const actor = command.caller.actor;
    await insertHistory(tx, [
      {
        orderId,
        plu: null,
        fromStatus: orderStatusCode(d.from),
        toStatus: orderStatusCode(d.to),
        at: d.at,
        reason,
        actor,
        sequence: first,
      },
      ...d.cascade.map((c, i) => ({
        orderId,
        plu: c.plu,
        fromStatus: itemStatusCode(c.from),
        toStatus: itemStatusCode(c.to),
        at: d.at,
        actor,
        sequence: first + 1 + i,
      })),
    ]);

    const correlationId = command.correlationId;
    const events: CloudEvent[] = [
      OutboxEvent.create({
        type: 'order.status_changed',
        orderId,
        sequence: first,
        time: at,
        data: { orderId, brandId: state.brand_id, customerId: state.customer_id, from: d.from, to: d.to, at, reason },
        correlationId,
      }),
      ...d.cascade.map((c, i) =>
        OutboxEvent.create({
          type: 'order.item_status_changed',
          orderId,
          sequence: first + 1 + i,
          time: at,
          data: { orderId, plu: c.plu, from: c.from, to: c.to, at },
          correlationId,
        }),
      ),
      ...(await refundsFor(tx, orderId, d.refunds, first + 1 + d.cascade.length, now, correlationId)),
    ];
    await insertOutbox(tx, events);

    // The view as written, from the locked state and the change: no read-back.
    const moved = new Map(d.cascade.map((c) => [c.plu, itemStatusCode(c.to)]));
    return toOrderView({
      ...state,
      status: orderStatusCode(d.to),
      version: state.version + 1,
      updated_at: now,
      items: state.items.map((i) => ({ ...i, status: moved.get(i.plu) ?? i.status })),
    });
  }
}

/** The order with what deciding needs, its row locked until the batch commits. */
async function load(tx: Tx, orderId: string): Promise<OrderState | null> {
  const [state] = await tx.rows<OrderState>(
    `SELECT ${ORDER_VIEW_COLUMNS}, o.customer_id,
            (SELECT max(h.at) FROM orders.status_history h WHERE h.order_id = o.id) AS last_at,
            coalesce((SELECT json_agg(json_build_object('reference', p.reference, 'amount', p.amount::text) ORDER BY p.line_no)
                        FROM orders.payments p WHERE p.order_id = o.id), '[]') AS payment_amounts
       FROM orders.orders o WHERE o.id = $1`,
    [orderId],
  );
  return state ?? null;
}

/** The pure part: every refusal is decided here, before anything is written. */
function decide(command: ChangeStatusCommand, state: OrderState, now: Date): Result<Decision> {
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

  let at: Date;
  if (command.at === undefined) {
    // History never runs backwards, even if this replica's clock is behind the last writer's.
    at = now < state.last_at ? state.last_at : now;
  } else {
    const given = parseInstant(command.at);
    if (!given || given > now) {
      return fail({ code: 'invalid_time', field: 'at', detail: `at must be a past instant, got "${command.at}".` });
    }
    if (given < state.last_at) {
      return fail({
        code: 'invalid_time',
        field: 'at',
        detail: `at ${given.toISOString()} is before the order's previous change at ${state.last_at.toISOString()}.`,
      });
    }
    at = given;
  }

  const cascade = state.items.flatMap((item) => {
    const itemFrom = itemStatusFromCode(item.status);
    const itemTo = cascadeToItem(command.status, itemFrom);
    return itemTo ? [{ plu: item.plu, from: itemFrom, to: itemTo }] : [];
  });
  // Terminal statuses are entered once, so each payment is refunded at most once (and the table's unique key says so too).
  const refunds = REFUNDING_STATUSES.includes(command.status)
    ? state.payment_amounts.map((p) => ({ paymentReference: p.reference, amount: p.amount }))
    : [];
  return ok({ from, to: command.status, at, cascade, refunds });
}

const versionMismatch = <T>(orderId: string, currentVersion: number): Result<T> =>
  fail({
    code: 'version_mismatch',
    currentVersion,
    detail: `Order ${orderId} is at version ${currentVersion}; reload it and retry.`,
  });
