import {
  type AddItemsCommand,
  inBrandScope,
  itemStatusCode,
  itemStatusFromCode,
  orderStatusCode,
  orderStatusFromCode,
  type OrderView,
  type Result,
} from '#contracts';
import { inTransaction, type Tx } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxEvent } from '../../outbox/outbox-event.js';
import { OutboxRelay } from '../../outbox/outbox-relay.service.js';
import { findOrderView, insertHistory, insertItems, UUID_PATTERN } from '../../persistence/order.repository.js';
import { insertOutbox } from '../../persistence/outbox.repository.js';
import { fail, notFound, ok } from '../../result.js';
import { moneyString } from '../create-order/order-amounts.js';
import { limitExceeded, type StoredLine } from './order-limits.js';

interface Line extends StoredLine {
  name: string;
  status: number;
  line_no: number;
}

/**
 * Adds lines to a PLACED order. The order row is locked first, so concurrent adds (and an
 * accept racing them) queue up and each decides on what the previous one committed.
 * Adding is not idempotent by itself: a command replayed from the dead-letter queue records its
 * replay id with the change, and a second copy of it answers with the order as it stands.
 */
@Injectable()
export class AddItemsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  async execute(command: AddItemsCommand, replayId?: string): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    const result = await inTransaction(this.dataSource, (tx) => this.apply(tx, command, replayId));
    if (result.ok) this.relay.kick();
    return result;
  }

  private async apply(tx: Tx, command: AddItemsCommand, replayId: string | undefined): Promise<Result<OrderView>> {
    const { orderId } = command;
    const [order] = await tx.rows<{ status: number; brand_id: string; last_at: Date }>(
      `SELECT o.status, o.brand_id, (SELECT max(h.at) FROM orders.status_history h WHERE h.order_id = o.id) AS last_at
         FROM orders.orders o WHERE o.id = $1 FOR UPDATE`,
      [orderId],
    );
    if (!order || !inBrandScope(command, order.brand_id)) return notFound(orderId);
    if (order.status !== orderStatusCode('PLACED')) {
      const status = orderStatusFromCode(order.status);
      return fail({
        code: 'order_not_open',
        status,
        detail: `Order ${orderId} is ${status}; items can be added only while it is PLACED.`,
      });
    }
    const lines = new Map(
      (
        await tx.rows<Line>(
          'SELECT plu, name, quantity, unit_price, status, line_no FROM orders.order_items WHERE order_id = $1',
          [orderId],
        )
      ).map((l) => [l.plu, l]),
    );
    const refusal = mismatchOf(command, lines);
    if (refusal) return refusal;
    const overLimit = limitExceeded(command, lines);
    if (overLimit) return fail(overLimit);

    const now = new Date();
    if (replayId && !(await recordReplay(tx, replayId, orderId, now))) {
      const view = await findOrderView(tx, orderId);
      return view ? ok(view) : notFound(orderId);
    }
    const at = now < order.last_at ? order.last_at : now;
    const [updated] = await tx.rows<{ last_sequence: number }>(
      `UPDATE orders.orders SET version = version + 1, last_sequence = last_sequence + 1, updated_at = $2
        WHERE id = $1 RETURNING last_sequence`,
      [orderId, now],
    );
    const sequence = updated!.last_sequence;

    const added = command.items.filter((i) => !lines.has(i.plu));
    for (const item of command.items.filter((i) => lines.has(i.plu))) {
      await tx.affected('UPDATE orders.order_items SET quantity = quantity + $3 WHERE order_id = $1 AND plu = $2', [
        orderId,
        item.plu,
        item.quantity,
      ]);
    }
    let lineNo = Math.max(0, ...[...lines.values()].map((l) => l.line_no));
    if (added.length) {
      await insertItems(
        tx,
        added.map((item) => ({
          orderId,
          plu: item.plu,
          lineNo: ++lineNo,
          name: item.name,
          quantity: item.quantity,
          unitPrice: item.unitPrice == null ? null : moneyString(item.unitPrice),
          status: itemStatusCode('QUEUED'),
          addedAt: at,
        })),
      );
      await insertHistory(
        tx,
        added.map((item) => ({
          orderId,
          plu: item.plu,
          fromStatus: null,
          toStatus: itemStatusCode('QUEUED'),
          at,
          actor: command.caller.actor,
          sequence,
        })),
      );
    }
    await tx.affected(
      `UPDATE orders.orders SET total_amount = (
         SELECT coalesce(sum(quantity * unit_price), 0) FROM orders.order_items WHERE order_id = $1) WHERE id = $1`,
      [orderId],
    );

    const time = at.toISOString();
    const event = OutboxEvent.create({
      type: 'order.items_added',
      orderId,
      sequence,
      time,
      data: {
        orderId,
        items: command.items.map((i) => ({ plu: i.plu, name: i.name, quantity: i.quantity, unitPrice: i.unitPrice ?? null })),
      },
      correlationId: command.correlationId,
    });
    await insertOutbox(tx, [event]);
    const view = await findOrderView(tx, orderId);
    if (!view) throw new Error(`order ${orderId} not readable in its own transaction`);
    return ok(view);
  }
}

/** False when this replay was applied already; the order's row lock orders concurrent copies. */
async function recordReplay(tx: Tx, replayId: string, orderId: string, at: Date): Promise<boolean> {
  const inserted = await tx.affected(
    'INSERT INTO orders.applied_replays (message_id, order_id, applied_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [replayId, orderId, at],
  );
  return inserted === 1;
}

/** A plu already on the order must be the same product at the same price, and still open. */
function mismatchOf(command: AddItemsCommand, lines: Map<string, Line>): Result<OrderView> | null {
  for (const item of command.items) {
    const line = lines.get(item.plu);
    if (!line) continue;
    const price = item.unitPrice == null ? null : moneyString(item.unitPrice);
    const linePrice = line.unit_price === null ? null : moneyString(Number(line.unit_price));
    const status = itemStatusFromCode(line.status);
    let why: string | null = null;
    if (line.name !== item.name) why = `its name is "${line.name}", not "${item.name}"`;
    else if (linePrice !== price)
      why = `its unitPrice is ${line.unit_price === null ? 'absent' : Number(line.unit_price)}, not ${item.unitPrice ?? 'absent'}`;
    else if (status !== 'QUEUED') why = `it is already ${status}`;
    if (why) {
      return fail({
        code: 'item_mismatch',
        plu: item.plu,
        detail: `Item ${item.plu} is already on order ${command.orderId} and ${why}; send a new plu for a different line.`,
      });
    }
  }
  return null;
}
