import { APP_CONFIG, type AppConfig } from '#config';
import {
  type AddItemsCommand,
  type ChangeItemQuantityCommand,
  type ChangeItemStatusCommand,
  type ChangeOrderCommand,
  type ChangePromisedTimeCommand,
  type ChangeStatusCommand,
  type CloudEvent,
  inBrandScope,
  type OrderView,
  type RefundView,
  type RequestRefundCommand,
  type Result,
} from '#contracts';
import { activeTraceparent } from '#observability';
import { inTransaction, type Tx } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { brandPrepEstimates } from '../availability/brand-availability.service.js';
import { addItems } from '../domain/add-items.js';
import { changeDetails } from '../domain/change-details.js';
import { changeItemQuantity } from '../domain/change-item-quantity.js';
import { changeItemStatus } from '../domain/change-item-status.js';
import { changeStatus } from '../domain/change-status.js';
import { requestGoodwillRefund } from '../domain/goodwill-refund.js';
import type { Decision, Order, OrderEvent } from '../domain/order.js';
import { changePromisedTime } from '../domain/promised-time.js';
import type { SchedulePolicy } from '../domain/schedule.js';
import { OutboxRelay } from '../outbox/outbox-relay.service.js';
import type { OrderChange } from '../persistence/order-change.js';
import { appliedReplays, lockOrders, replaysRecord, saveChanges } from '../persistence/order.repository.js';
import { outboxInsert } from '../persistence/outbox.repository.js';
import { fail, notFound, ok } from '../result.js';
import { toCloudEvents } from '../wire/order-event.mapper.js';
import { toOrderView } from '../wire/order-view.mapper.js';
import { toRefundView } from '../wire/refund-view.mapper.js';
import { BATCH_WINDOW_MS } from './batch-window.js';
import { BatchKeys } from './change-keys.js';
import { CommandBatcher } from './command-batcher.js';

/** A change to an existing order. Adding items may be a dead-letter replay, applied at most once per replay id. */
export type OrderChangeCommand =
  | { kind: 'status'; command: ChangeStatusCommand }
  | { kind: 'item-status'; command: ChangeItemStatusCommand }
  | { kind: 'promised-time'; command: ChangePromisedTimeCommand }
  | { kind: 'add-items'; command: AddItemsCommand; replayId?: string }
  | { kind: 'details'; command: ChangeOrderCommand }
  | { kind: 'item-quantity'; command: ChangeItemQuantityCommand }
  | { kind: 'refund'; command: RequestRefundCommand };

/** A change as batched: with the trace of its command, while tracing is on. */
type TracedChange = OrderChangeCommand & { traceparent?: string };

/** What a change is answered with: the order as it leaves it, and for a goodwill refund the refund requested. */
interface ChangeAnswer {
  order: OrderView;
  refund?: RefundView;
}

/**
 * Every change to existing orders, group-committed and set-based: the orders of one prefetch
 * window are locked and read together, each command is decided in memory in arrival order on
 * what the commands before it left (exactly as if they had run one after another), and all that
 * was accepted is written with one statement, whatever the tables. Each command is answered after
 * the commit, from memory. A refusal writes nothing and touches no other command; if the batch
 * fails as a whole, the batcher runs each command again alone.
 */
@Injectable()
export class OrderChanges {
  private readonly batcher: CommandBatcher<TracedChange, Result<ChangeAnswer>>;

  constructor(dataSource: DataSource, relay: OutboxRelay, @Inject(APP_CONFIG) config: AppConfig) {
    const context = {
      kickRelay: () => relay.kick(),
      defaultPrepMinutes: config.defaultPrepMinutes,
      scheduleThresholdMs: config.scheduleThresholdMs,
    };
    this.batcher = new CommandBatcher((batch) => inTransaction(dataSource, (tx) => runBatch(tx, batch, context)), {
      maxSize: config.prefetch,
      windowMs: BATCH_WINDOW_MS,
      trace: { batch: 'change orders batch', member: 'change orders transaction', of: (c) => c.traceparent },
    });
  }

  async submit(change: Exclude<OrderChangeCommand, { kind: 'refund' }>): Promise<Result<OrderView>> {
    const answer = await this.batcher.submit(traced(change));
    return answer.ok ? ok(answer.value.order) : answer;
  }

  /** A goodwill refund, in the same batches as every other change to the order; answered with the refund. */
  async requestRefund(command: RequestRefundCommand): Promise<Result<RefundView>> {
    const answer = await this.batcher.submit(traced({ kind: 'refund', command }));
    if (!answer.ok) return answer;
    return answer.value.refund ? ok(answer.value.refund) : fail({ code: 'not_found', detail: 'No refund was requested.' });
  }
}

function traced(change: OrderChangeCommand): TracedChange {
  const traceparent = activeTraceparent();
  return traceparent ? { ...change, traceparent } : change;
}

interface BatchContext {
  kickRelay: () => void;
  defaultPrepMinutes: number;
  scheduleThresholdMs: number;
}

async function runBatch(tx: Tx, batch: TracedChange[], context: BatchContext): Promise<Result<ChangeAnswer>[]> {
  const locked = await lockOrders(
    tx,
    batch.map((c) => c.command.orderId),
  );
  const now = new Date();
  const estimates = await prepEstimates(tx, batch, locked, now, context.defaultPrepMinutes);
  const replayed = await appliedReplays(
    tx,
    batch.flatMap((c) => (c.kind === 'add-items' && c.replayId ? [c.replayId] : [])),
  );
  const current = new Map(locked);
  const happened = new Map<string, OrderEvent[]>();
  const published: CloudEvent[] = [];
  const replays: { messageId: string; orderId: string; at: Date }[] = [];

  const keys = await BatchKeys.load<ChangeAnswer>(tx, batch);

  const results = batch.map((change): Result<ChangeAnswer> => {
    const repeated = keys.answered(change);
    if (repeated) return repeated;
    const answer = apply(change);
    keys.record(change, answer);
    return answer;
  });

  function apply(change: TracedChange): Result<ChangeAnswer> {
    const { orderId } = change.command;
    const order = current.get(orderId);
    if (!order || !inBrandScope(change.command, order.brandId)) return notFound(orderId);
    const policy = {
      scheduleThresholdMs: context.scheduleThresholdMs,
      prepEstimateMinutes: estimates.get(order.brandId) ?? context.defaultPrepMinutes,
    };
    const decision = decide(change, order, now, policy);
    if (!decision.ok) return decision;
    if (change.kind === 'add-items' && change.replayId) {
      // A second copy of a replay answers with the order as it stands and changes nothing.
      if (replayed.has(change.replayId)) return ok({ order: toOrderView(order) });
      replayed.add(change.replayId);
      replays.push({ messageId: change.replayId, orderId, at: now });
    }
    const { order: after, events } = decision.value;
    // An edit to the values the order already has is answered, and neither written nor published.
    if (events.length === 0) return ok({ order: toOrderView(order) });
    current.set(orderId, after);
    happened.set(orderId, [...(happened.get(orderId) ?? []), ...events]);
    published.push(...toCloudEvents(events, after, change.command.correlationId, change.traceparent));
    const requested = change.kind === 'refund' ? events.find((e) => e.type === 'refund.requested') : undefined;
    const refund =
      requested?.type === 'refund.requested' ? { ...requested.refund, status: 'PENDING' as const, updatedAt: now } : undefined;
    return ok({ order: toOrderView(after), ...(refund && { refund: toRefundView(refund) }) });
  }

  const changes: OrderChange[] = [...happened].map(([id, events]) => ({
    before: locked.get(id)!,
    after: current.get(id)!,
    events,
  }));
  await saveChanges(tx, changes, [replaysRecord(replays), keys.written(now), outboxInsert(published)]);
  if (published.length) tx.afterCommit(context.kickRelay);
  return results;
}

/** The prep estimate of each brand that an acceptance without prepMinutes in this batch promises by (BUSY's minutes included). */
async function prepEstimates(
  tx: Tx,
  batch: OrderChangeCommand[],
  locked: Map<string, Order>,
  now: Date,
  defaultMinutes: number,
): Promise<Map<string, number>> {
  const brands = batch.flatMap((c) =>
    needsEstimate(c, locked.get(c.command.orderId)) ? [locked.get(c.command.orderId)?.brandId ?? []].flat() : [],
  );
  return brandPrepEstimates(tx, brands, now, defaultMinutes);
}

/** An acceptance without prepMinutes promises by the estimate; a new pickupTime of a PLACED order schedules by it. */
const needsEstimate = (c: OrderChangeCommand, order: Order | undefined): boolean =>
  (c.kind === 'status' && c.command.status === 'ACCEPTED' && c.command.prepMinutes === undefined) ||
  (c.kind === 'details' && c.command.changes.pickupTime !== undefined && order?.status === 'PLACED');

function decide(change: OrderChangeCommand, order: Order, now: Date, policy: SchedulePolicy): Decision {
  switch (change.kind) {
    case 'status':
      return changeStatus(order, change.command, now, policy.prepEstimateMinutes);
    case 'details':
      return changeDetails(order, change.command, now, policy);
    case 'item-quantity':
      return changeItemQuantity(order, change.command, now);
    case 'refund':
      return requestGoodwillRefund(order, change.command, now);
    case 'promised-time':
      return changePromisedTime(order, change.command, now);
    case 'item-status':
      return changeItemStatus(order, change.command, now);
    case 'add-items':
      return addItems(order, change.command, now);
  }
}
