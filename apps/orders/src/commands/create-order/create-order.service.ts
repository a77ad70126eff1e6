import {
  type CreateOrderCommand,
  type CreateOrderOutcome,
  customerKeyOf,
  itemStatusCode,
  orderStatusCode,
  type OrderView,
  type Result,
} from '#contracts';
import { inTransaction, isUniqueViolation, readerOf, type Reader, type Tx } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AcceptanceTimers } from '../../acceptance/acceptance-timer.service.js';
import { OutboxEvent } from '../../outbox/outbox-event.js';
import { OutboxRelay } from '../../outbox/outbox-relay.service.js';
import { OrderItemEntity } from '../../persistence/order-item.entity.js';
import { forgetRefusal, keepRefusal } from '../../persistence/order-refusal.repository.js';
import { ORDER_VIEW_SELECT, toOrderView, type OrderViewRow } from '../../persistence/order.mapper.js';
import { findOrderView } from '../../persistence/order.repository.js';
import { OutboxEntity } from '../../persistence/outbox.entity.js';
import { PaymentEntity } from '../../persistence/payment.entity.js';
import { StatusHistoryEntity } from '../../persistence/status-history.entity.js';
import { fail, ok } from '../../result.js';
import { parseInstant } from '../../time.js';
import { moneyString, orderTotal } from './order-amounts.js';

type Attempt =
  | { kind: 'created'; order: OrderView }
  | { kind: 'exists' }
  | { kind: 'key_taken' }
  | { kind: 'duplicate_payment'; reference: string };

@Injectable()
export class CreateOrderService {
  private readonly reader: Reader;

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly timers: AcceptanceTimers,
  ) {
    this.reader = readerOf(dataSource);
  }

  /** A refusal is kept before it is answered: the client may hold a 202 and ask the order's URL later. */
  async execute(command: CreateOrderCommand): Promise<Result<CreateOrderOutcome>> {
    const result = await this.decide(command);
    if (!result.ok) await keepRefusal(this.reader, command.orderId, command.requestHash, result.error);
    return result;
  }

  private async decide(command: CreateOrderCommand): Promise<Result<CreateOrderOutcome>> {
    const now = new Date();
    const placedAt = command.placedAt === undefined ? now : parseInstant(command.placedAt);
    if (!placedAt || placedAt > now) {
      return fail({
        code: 'invalid_time',
        field: 'placedAt',
        detail: `placedAt must be a past instant, got "${command.placedAt}".`,
      });
    }
    if (command.order.pickupTime !== undefined && !parseInstant(command.order.pickupTime)) {
      return fail({ code: 'invalid_time', field: 'pickupTime', detail: `pickupTime is not an ISO 8601 instant.` });
    }
    if (command.idempotencyKey) {
      const replayed = await this.replay(command);
      if (replayed) return replayed;
    }

    const attempt = await inTransaction(this.dataSource, (tx) => this.insert(tx, command, placedAt, now));
    switch (attempt.kind) {
      case 'created':
        this.relay.kick();
        this.timers.kick();
        return ok({ order: attempt.order, created: true });
      case 'exists':
        return ok({ order: await this.existing(command), created: false });
      case 'key_taken': {
        // A concurrent request with the same key committed first: answer as a retry of it.
        const replayed = await this.replay(command);
        if (!replayed) throw new Error(`idempotency key ${command.idempotencyKey} vanished`);
        return replayed;
      }
      case 'duplicate_payment':
        return fail({
          code: 'duplicate_payment',
          reference: attempt.reference,
          detail: `Payment reference "${attempt.reference}" already belongs to another order.`,
        });
    }
  }

  private async replay(command: CreateOrderCommand): Promise<Result<CreateOrderOutcome> | null> {
    const [stored] = await this.reader.rows<{ request_hash: string; order_id: string }>(
      'SELECT request_hash, order_id FROM orders.idempotency_keys WHERE key = $1',
      [command.idempotencyKey],
    );
    if (!stored) return null;
    if (stored.request_hash !== command.requestHash) {
      return fail({
        code: 'idempotency_conflict',
        detail: 'This Idempotency-Key was already used with a different request body.',
      });
    }
    const order = await findOrderView(this.reader, stored.order_id);
    if (!order) throw new Error(`idempotency key ${command.idempotencyKey} names missing order ${stored.order_id}`);
    return ok({ order, created: false });
  }

  /** The same channel order under its derived id, or under the brand's channel order id. */
  private async existing(command: CreateOrderCommand): Promise<OrderView> {
    const [row] = await this.reader.rows<OrderViewRow>(
      `${ORDER_VIEW_SELECT} WHERE o.id = $1 OR (o.brand_id = $2 AND o.channel_order_id = $3) LIMIT 1`,
      [command.orderId, command.order.brandId, command.order.channelOrderId],
    );
    if (!row) throw new Error(`order ${command.orderId} conflicted but cannot be read`);
    return toOrderView(row);
  }

  private async insert(tx: Tx, command: CreateOrderCommand, placedAt: Date, now: Date): Promise<Attempt> {
    const { orderId, order: input, caller } = command;
    // Key first, order second, in every request: concurrent duplicates queue on the same rows in the same order.
    if (command.idempotencyKey) {
      const stored = await tx.rows(
        `INSERT INTO orders.idempotency_keys (key, request_hash, order_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING key`,
        [command.idempotencyKey, command.requestHash, orderId],
      );
      if (stored.length === 0) return rollback(tx, { kind: 'key_taken' });
    }

    const customer = pick(input.customer, ['id', 'name', 'phoneNumber']);
    const address = input.deliveryAddress ? pick(input.deliveryAddress, ['city', 'street', 'postalCode']) : null;
    // ON CONFLICT waits for a concurrent insert of the same order to commit, then yields to it.
    const inserted = await tx.rows(
      `INSERT INTO orders.orders (id, channel_order_id, brand_id, account, customer_id, customer, delivery_address,
         pickup_time, currency, status, version, last_sequence, total_amount, placed_at, created_at, updated_at, backfilled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, 1, $11, $12, $13, $13, $14)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        orderId,
        input.channelOrderId,
        input.brandId,
        input.account ?? null,
        customerKeyOf(input.customer),
        JSON.stringify(customer),
        address && JSON.stringify(address),
        input.pickupTime ? parseInstant(input.pickupTime) : null,
        input.currency ?? null,
        orderStatusCode('PLACED'),
        orderTotal(input.items),
        placedAt,
        now,
        command.placedAt !== undefined,
      ],
    );
    if (inserted.length === 0) return rollback(tx, { kind: 'exists' });
    await forgetRefusal(tx, orderId);

    await tx.manager.insert(
      OrderItemEntity,
      input.items.map((item, index) => ({
        orderId,
        plu: item.plu,
        lineNo: index + 1,
        name: item.name,
        quantity: item.quantity,
        unitPrice: item.unitPrice == null ? null : moneyString(item.unitPrice),
        status: itemStatusCode('QUEUED'),
        addedAt: placedAt,
      })),
    );
    if (input.payments?.length) {
      try {
        await tx.manager.insert(
          PaymentEntity,
          input.payments.map((p, index) => ({
            reference: p.reference,
            orderId,
            lineNo: index + 1,
            amount: moneyString(p.amount),
          })),
        );
      } catch (error) {
        if (!isUniqueViolation(error, 'payments_reference_pk')) throw error;
        const reference = /\(reference\)=\((.*)\) already exists/.exec(error.detail ?? '')?.[1] ?? input.payments[0]!.reference;
        return rollback(tx, { kind: 'duplicate_payment', reference });
      }
    }

    // Item QUEUED entries start the items' time in status; they are implied by order.created, not events.
    await tx.manager.insert(StatusHistoryEntity, [
      {
        orderId,
        plu: null,
        fromStatus: null,
        toStatus: orderStatusCode('PLACED'),
        at: placedAt,
        actor: caller.actor,
        sequence: 1,
      },
      ...input.items.map((item) => ({
        orderId,
        plu: item.plu,
        fromStatus: null,
        toStatus: itemStatusCode('QUEUED'),
        at: placedAt,
        actor: caller.actor,
        sequence: null,
      })),
    ]);

    const order = await findOrderView(tx, orderId);
    if (!order) throw new Error(`order ${orderId} not readable in its own transaction`);
    const event = OutboxEvent.create({
      type: 'order.created',
      orderId,
      sequence: 1,
      time: order.placedAt,
      data: order,
      correlationId: command.correlationId,
    });
    await tx.manager.insert(OutboxEntity, OutboxEvent.row(event));
    // Backfilled orders are imported history: no timer for them.
    if (command.placedAt === undefined) await this.timers.arm(tx, orderId, now);
    return { kind: 'created', order };
  }
}

function rollback(tx: Tx, attempt: Attempt): Attempt {
  tx.rollbackOnly();
  return attempt;
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
