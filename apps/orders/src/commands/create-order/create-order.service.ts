import { APP_CONFIG, type AppConfig } from '#config';
import { type CreateOrderCommand, type CreateOrderOutcome, type OrderView, type Result } from '#contracts';
import { inTransaction, readerOf, type Reader } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandBatcher } from '../../batching/command-batcher.js';
import { BATCH_WINDOW_MS } from '../../batching/batch-window.js';
import { OutboxRelay } from '../../outbox/outbox-relay.service.js';
import { keepRefusal } from '../../persistence/order-refusal.repository.js';
import { ORDER_VIEW_SELECT, toOrderView, type OrderViewRow } from '../../persistence/order.mapper.js';
import { findOrderView } from '../../persistence/order.repository.js';
import { fail, ok } from '../../result.js';
import { parseInstant } from '../../time.js';
import { newOrder, type NewOrder } from './new-order.js';
import { writeOrders, type Attempt } from './write-orders.js';

@Injectable()
export class CreateOrderService {
  private readonly reader: Reader;
  /** The creates of one prefetch window share a transaction and its commit. */
  private readonly batcher: CommandBatcher<NewOrder, Attempt>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.reader = readerOf(dataSource);
    this.batcher = new CommandBatcher((batch) => inTransaction(dataSource, (tx) => writeOrders(tx, batch)), {
      maxSize: config.prefetch,
      windowMs: BATCH_WINDOW_MS,
    });
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

    const order = newOrder(command, placedAt, now);
    const attempt = await this.batcher.submit(order);
    switch (attempt.kind) {
      case 'created':
        this.relay.kick();
        return ok({ order: order.view, created: true });
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
}
