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
import {
  archiveHoldsOrders,
  findArchivedOrder,
  findArchivedOrderOrChannelOrder,
} from '../../persistence/order-archive.repository.js';
import { findOrder, findOrderOrChannelOrder } from '../../persistence/order.repository.js';
import { addTrackingToken, trackingTokenRow } from '../../persistence/tracking-token.repository.js';
import { fail, ok } from '../../result.js';
import { toOrderView } from '../../wire/order-view.mapper.js';
import { writeOrders, type Attempt, type NewOrder } from './write-orders.js';

/** How long an empty archive is believed empty (see `archiveInUse`). */
const EMPTY_ARCHIVE_RECHECK_MS = 60_000;

@Injectable()
export class CreateOrderService {
  private readonly reader: Reader;
  /** The creates of one prefetch window share a transaction and its commit. */
  private readonly batcher: CommandBatcher<NewOrder, Attempt>;
  /**
   * Whether a create must also look in the archive for its order. Only where orders are archived
   * (or were, before ORDER_RETENTION_DAYS was unset): elsewhere the create path reads nothing more.
   * "Not in use" is asked again after a minute: another replica, deployed with ORDER_RETENTION_DAYS,
   * may start archiving while this one runs.
   */
  private archiveInUse?: { answer: Promise<boolean>; askedAt: number };

  constructor(
    dataSource: DataSource,
    relay: OutboxRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.reader = readerOf(dataSource);
    this.batcher = new CommandBatcher(
      async (batch) => {
        const archiveInUse = await this.archived();
        return inTransaction(dataSource, async (tx) => {
          const attempts = await writeOrders(tx, batch, archiveInUse);
          if (attempts.some((a) => a.kind === 'created')) tx.afterCommit(() => relay.kick());
          return attempts;
        });
      },
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

  private archived(): Promise<boolean> {
    if (this.config.orderRetentionMs !== undefined) return Promise.resolve(true);
    const now = performance.now();
    if (!this.archiveInUse || now - this.archiveInUse.askedAt >= EMPTY_ARCHIVE_RECHECK_MS) {
      const asked = { answer: archiveHoldsOrders(this.reader), askedAt: now };
      this.archiveInUse = asked;
      asked.answer.then(
        (holds) => {
          // Archived orders never leave the archive: once it holds one, it is never asked again.
          if (holds) asked.askedAt = Infinity;
        },
        () => {
          if (this.archiveInUse === asked) this.archiveInUse = undefined; // asked again by the next batch
        },
      );
    }
    return this.archiveInUse.answer;
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
    // Keys stay in the working table when their order is archived.
    const order = await findOrder(this.reader, stored.orderId);
    const archived = order ? null : await findArchivedOrder(this.reader, stored.orderId);
    if (!order && !archived) throw new Error(`idempotency key ${command.idempotencyKey} names missing order ${stored.orderId}`);
    return ok(await this.retried(command, order ? toOrderView(order) : toOrderView(archived!, true)));
  }

  /**
   * A retry answers the token it brought, which from now on shows the order too: only digests are
   * stored, so the token of an earlier answer cannot be given again, and every token answered works.
   */
  private async retried(command: CreateOrderCommand, order: OrderView): Promise<CreateOrderOutcome> {
    await addTrackingToken(this.reader, trackingTokenRow(order.id, command.trackingToken), this.config.trackingTtlMs);
    return { order, created: false, trackingToken: command.trackingToken };
  }

  /** The same channel order under its derived id, or under the brand's channel order id; archived or not. */
  private async existing(command: CreateOrderCommand): Promise<OrderView> {
    const names = { id: command.orderId, brandId: command.order.brandId, channelOrderId: command.order.channelOrderId };
    const order = await findOrderOrChannelOrder(this.reader, names);
    if (order) return toOrderView(order);
    const archived = await findArchivedOrderOrChannelOrder(this.reader, names);
    if (!archived) throw new Error(`order ${command.orderId} conflicted but cannot be read`);
    return toOrderView(archived, true);
  }
}
