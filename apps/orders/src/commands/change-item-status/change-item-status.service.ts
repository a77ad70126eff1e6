import {
  type ChangeItemStatusCommand,
  inBrandScope,
  type ItemStatus,
  itemMachine,
  itemStatusCode,
  itemStatusFromCode,
  orderMachine,
  orderStatusFromCode,
  type OrderView,
  type Result,
} from '#contracts';
import { inTransaction, readerOf, type Reader, type Tx } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxEvent } from '../../outbox/outbox-event.js';
import { OutboxRelay } from '../../outbox/outbox-relay.service.js';
import { findOrderView, insertHistory, UUID_PATTERN } from '../../persistence/order.repository.js';
import { insertOutbox } from '../../persistence/outbox.repository.js';
import { fail, notFound, ok } from '../../result.js';

/** A lost race is decided again on the fresh state, a few times. */
const MAX_ATTEMPTS = 5;

interface ItemState {
  order_status: number;
  brand_id: string;
  version: number;
  last_at: Date;
  item_status: number | null;
}

/**
 * Moves one item through the item state machine. The order's version moves too: the item's
 * status is part of the order's representation, so its ETag must change with it.
 */
@Injectable()
export class ChangeItemStatusService {
  private readonly reader: Reader;

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {
    this.reader = readerOf(dataSource);
  }

  async execute(command: ChangeItemStatusCommand): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    for (let attempt = 1; ; attempt++) {
      const state = await this.load(command);
      if (!state || !inBrandScope(command, state.brand_id)) return notFound(command.orderId);
      const decision = decide(command, state);
      if (!decision.ok) return decision;
      const from = decision.value;
      const at = new Date() < state.last_at ? state.last_at : new Date();
      const order = await inTransaction(this.dataSource, (tx) => this.apply(tx, command, state, from, at));
      if (order) {
        this.relay.kick();
        return ok(order);
      }
      if (attempt >= MAX_ATTEMPTS) throw new Error(`item ${command.plu} of order ${command.orderId} kept changing under us`);
    }
  }

  private async load(command: ChangeItemStatusCommand): Promise<ItemState | null> {
    const [state] = await this.reader.rows<ItemState>(
      `SELECT o.status AS order_status, o.brand_id, o.version,
              (SELECT max(h.at) FROM orders.status_history h WHERE h.order_id = o.id) AS last_at,
              (SELECT i.status FROM orders.order_items i WHERE i.order_id = o.id AND i.plu = $2) AS item_status
         FROM orders.orders o WHERE o.id = $1`,
      [command.orderId, command.plu],
    );
    return state ?? null;
  }

  /** Null when the order moved on since it was loaded: nothing was written. */
  private async apply(tx: Tx, command: ChangeItemStatusCommand, state: ItemState, from: ItemStatus, at: Date) {
    const { orderId, plu } = command;
    const [updated] = await tx.rows<{ last_sequence: number }>(
      `UPDATE orders.orders SET version = version + 1, last_sequence = last_sequence + 1, updated_at = $2
        WHERE id = $1 AND version = $3 RETURNING last_sequence`,
      [orderId, new Date(), state.version],
    );
    if (!updated) return rollback(tx);
    const moved = await tx.affected(
      'UPDATE orders.order_items SET status = $3 WHERE order_id = $1 AND plu = $2 AND status = $4',
      [orderId, plu, itemStatusCode(command.status), itemStatusCode(from)],
    );
    if (moved !== 1) return rollback(tx);

    const sequence = updated.last_sequence;
    await insertHistory(tx, [
      {
        orderId,
        plu,
        fromStatus: itemStatusCode(from),
        toStatus: itemStatusCode(command.status),
        at,
        actor: command.caller.actor,
        sequence,
      },
    ]);
    const time = at.toISOString();
    const event = OutboxEvent.create({
      type: 'order.item_status_changed',
      orderId,
      sequence,
      time,
      data: { orderId, plu, from, to: command.status, at: time },
      correlationId: command.correlationId,
    });
    await insertOutbox(tx, [event]);
    return findOrderView(tx, orderId);
  }
}

function decide(command: ChangeItemStatusCommand, state: ItemState): Result<ItemStatus> {
  if (state.item_status === null) {
    return fail({ code: 'not_found', detail: `Order ${command.orderId} has no item with plu "${command.plu}".` });
  }
  const from = itemStatusFromCode(state.item_status);
  const orderStatus = orderStatusFromCode(state.order_status);
  if (orderMachine.isTerminal(orderStatus)) {
    return fail({
      code: 'illegal_transition',
      detail: `Order ${command.orderId} is ${orderStatus} (final): its items cannot change any more.`,
      from,
      to: command.status,
      allowed: [],
    });
  }
  const check = itemMachine.check(from, command.status);
  if (check.ok) return ok(from);
  const allowed = check.allowed.length ? check.allowed.join(', ') : `none (${from} is final)`;
  return fail({
    code: 'illegal_transition',
    detail: `Item ${command.plu} cannot go from ${from} to ${command.status}; allowed: ${allowed}.`,
    from,
    to: command.status,
    allowed: check.allowed,
  });
}

function rollback(tx: Tx): null {
  tx.rollbackOnly();
  return null;
}
