import { APP_CONFIG, type AppConfig } from '#config';
import { type CreateOrderCommand, type CreateOrderOutcome, type OrderView, parseInstant, type Result } from '#contracts';
import { activeTraceparent } from '#observability';
import { inTransaction, readerOf, type Reader } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CommandBatcher } from '../../batching/command-batcher.js';
import { BATCH_WINDOW_MS } from '../../batching/batch-window.js';
import { placeOrder } from '../../domain/place-order.js';
import { isScheduled } from '../../domain/schedule.js';
import { brandPrepEstimates } from '../../availability/brand-availability.service.js';
import { OutboxRelay } from '../../outbox/outbox-relay.service.js';
import { findIdempotencyKey } from '../../persistence/idempotency-key.repository.js';
import { keepRefusal } from '../../persistence/order-refusal.repository.js';
import { findOrder, findOrderOrChannelOrder } from '../../persistence/order.repository.js';
import { trackingTokenOf, trackingTokenRow } from '../../persistence/tracking-token.repository.js';
import { fail, ok } from '../../result.js';
import { toOrderView } from '../../wire/order-view.mapper.js';
import { writeOrders, type Attempt, type NewOrder } from './write-orders.js';

@Injectable()
export class CreateOrderService {
  private readonly reader: Reader;
  /** The creates of one prefetch window share a transaction and its commit. */
  private readonly batcher: CommandBatcher<NewOrder, Attempt>;

  constructor(
    dataSource: DataSource,
    relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.reader = readerOf(dataSource);
    this.batcher = new CommandBatcher(
      (batch) =>
        inTransaction(dataSource, async (tx) => {
          const attempts = await writeOrders(tx, batch);
          if (attempts.some((a) => a.kind === 'created')) tx.afterCommit(() => relay.kick());
          return attempts;
        }),
      {
        maxSize: config.prefetch,
        windowMs: BATCH_WINDOW_MS,
        trace: { batch: 'create orders batch', member: 'create orders transaction', of: (o) => o.traceparent },
      },
    );
  }

  /** A refusal is kept before it is answered: the client may hold a 202 and ask the order's URL later. */
  async execute(command: CreateOrderCommand): Promise<Result<CreateOrderOutcome>> {
    const result = await this.decide(command);
    if (!result.ok) await keepRefusal(this.reader, command.orderId, command.requestHash, result.error);
    return result;
  }

  private async decide(command: CreateOrderCommand): Promise<Result<CreateOrderOutcome>> {
    const now = new Date();
    const placed = placeOrder(command, now, {
      scheduleThresholdMs: this.config.scheduleThresholdMs,
      prepEstimateMinutes: await this.prepEstimateAt(command, now),
    });
    if (!placed.ok) return placed;
    if (command.idempotencyKey) {
      const replayed = await this.replay(command);
      if (replayed) return replayed;
    }
    const key = command.idempotencyKey
      ? { key: command.idempotencyKey, requestHash: command.requestHash, orderId: command.orderId }
      : null;
    const attempt = await this.batcher.submit({ command, key, placed: placed.value, traceparent: activeTraceparent() });
    switch (attempt.kind) {
      case 'created':
        return ok({ order: toOrderView(placed.value.order), created: true, trackingToken: command.trackingToken });
      case 'exists':
        return ok(await this.retried(command, await this.existing(command)));
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

  /** Only a scheduled order is released by its brand's estimate: an order for now reads nothing. */
  private async prepEstimateAt(command: CreateOrderCommand, now: Date): Promise<number> {
    const pickupTime = command.order.pickupTime === undefined ? null : parseInstant(command.order.pickupTime);
    if (!isScheduled(pickupTime, now, this.config.scheduleThresholdMs)) return this.config.defaultPrepMinutes;
    const { brandId } = command.order;
    const estimates = await brandPrepEstimates(this.reader, [brandId], now, this.config.defaultPrepMinutes);
    return estimates.get(brandId) ?? this.config.defaultPrepMinutes;
  }

  private async replay(command: CreateOrderCommand): Promise<Result<CreateOrderOutcome> | null> {
    const stored = await findIdempotencyKey(this.reader, command.idempotencyKey!);
    if (!stored) return null;
    if (stored.requestHash !== command.requestHash) {
      return fail({
        code: 'idempotency_conflict',
        detail: 'This Idempotency-Key was already used with a different request body.',
      });
    }
    const order = await findOrder(this.reader, stored.orderId);
    if (!order) throw new Error(`idempotency key ${command.idempotencyKey} names missing order ${stored.orderId}`);
    return ok(await this.retried(command, toOrderView(order)));
  }

  /** A retry answers the token of the request that created the order, not the one it brought. */
  private async retried(command: CreateOrderCommand, order: OrderView): Promise<CreateOrderOutcome> {
    const trackingToken = await trackingTokenOf(this.reader, trackingTokenRow(order.id, command.trackingToken));
    return { order, created: false, trackingToken };
  }

  /** The same channel order under its derived id, or under the brand's channel order id. */
  private async existing(command: CreateOrderCommand): Promise<OrderView> {
    const order = await findOrderOrChannelOrder(this.reader, {
      id: command.orderId,
      brandId: command.order.brandId,
      channelOrderId: command.order.channelOrderId,
    });
    if (!order) throw new Error(`order ${command.orderId} conflicted but cannot be read`);
    return toOrderView(order);
  }
}
