import { APP_CONFIG, type AppConfig } from '#config';
import {
  type AddItemsCommand,
  type ChangeItemStatusCommand,
  type ChangePromisedTimeCommand,
  type ChangeStatusCommand,
  type CloudEvent,
  inBrandScope,
  type OrderView,
  type Result,
} from '#contracts';
import { inTransaction, type Tx } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { brandPrepEstimates } from '../availability/brand-availability.service.js';
import { addItems } from '../domain/add-items.js';
import { changeItemStatus } from '../domain/change-item-status.js';
import { changeStatus } from '../domain/change-status.js';
import type { Decision, Order, OrderEvent } from '../domain/order.js';
import { changePromisedTime } from '../domain/promised-time.js';
import { OutboxRelay } from '../outbox/outbox-relay.service.js';
import { appliedReplays, lockOrders, recordReplays, saveChanges, type OrderChange } from '../persistence/order.repository.js';
import { insertOutbox } from '../persistence/outbox.repository.js';
import { notFound, ok } from '../result.js';
import { toCloudEvents } from '../wire/order-event.mapper.js';
import { toOrderView } from '../wire/order-view.mapper.js';
import { BATCH_WINDOW_MS } from './batch-window.js';
import { CommandBatcher } from './command-batcher.js';

/** A change to an existing order. Adding items may be a dead-letter replay, applied at most once per replay id. */
export type OrderChangeCommand =
  | { kind: 'status'; command: ChangeStatusCommand }
  | { kind: 'item-status'; command: ChangeItemStatusCommand }
  | { kind: 'promised-time'; command: ChangePromisedTimeCommand }
  | { kind: 'add-items'; command: AddItemsCommand; replayId?: string };

/**
 * Every change to existing orders, group-committed and set-based: the orders of one prefetch
 * window are locked and read together, each command is decided in memory in arrival order on
 * what the commands before it left (exactly as if they had run one after another), and all that
 * was accepted is written with one statement per table. Each command is answered after the
 * commit, from memory. A refusal writes nothing and touches no other command; if the batch fails
 * as a whole, the batcher runs each command again alone.
 */
@Injectable()
export class OrderChanges {
  private readonly batcher: CommandBatcher<OrderChangeCommand, Result<OrderView>>;

  constructor(dataSource: DataSource, relay: OutboxRelay, @Inject(APP_CONFIG) config: AppConfig) {
    const context = { kickRelay: () => relay.kick(), defaultPrepMinutes: config.defaultPrepMinutes };
    this.batcher = new CommandBatcher((batch) => inTransaction(dataSource, (tx) => runBatch(tx, batch, context)), {
      maxSize: config.prefetch,
      windowMs: BATCH_WINDOW_MS,
    });
  }

  submit(change: OrderChangeCommand): Promise<Result<OrderView>> {
    return this.batcher.submit(change);
  }
}

interface BatchContext {
  kickRelay: () => void;
  defaultPrepMinutes: number;
}

async function runBatch(tx: Tx, batch: OrderChangeCommand[], context: BatchContext): Promise<Result<OrderView>[]> {
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

  const results = batch.map((change): Result<OrderView> => {
    const { orderId } = change.command;
    const order = current.get(orderId);
    if (!order || !inBrandScope(change.command, order.brandId)) return notFound(orderId);
    const decision = decide(change, order, now, estimates.get(order.brandId) ?? context.defaultPrepMinutes);
    if (!decision.ok) return decision;
    if (change.kind === 'add-items' && change.replayId) {
      // A second copy of a replay answers with the order as it stands and changes nothing.
      if (replayed.has(change.replayId)) return ok(toOrderView(order));
      replayed.add(change.replayId);
      replays.push({ messageId: change.replayId, orderId, at: now });
    }
    const { order: after, events } = decision.value;
    current.set(orderId, after);
    happened.set(orderId, [...(happened.get(orderId) ?? []), ...events]);
    published.push(...toCloudEvents(events, after, change.command.correlationId));
    return ok(toOrderView(after));
  });

  const changes: OrderChange[] = [...happened].map(([id, events]) => ({
    before: locked.get(id)!,
    after: current.get(id)!,
    events,
  }));
  await saveChanges(tx, changes);
  await recordReplays(tx, replays);
  await insertOutbox(tx, published);
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
    c.kind === 'status' && c.command.status === 'ACCEPTED' && c.command.prepMinutes === undefined
      ? [locked.get(c.command.orderId)?.brandId ?? []].flat()
      : [],
  );
  return brandPrepEstimates(tx, brands, now, defaultMinutes);
}

function decide(change: OrderChangeCommand, order: Order, now: Date, prepEstimate: number): Decision {
  switch (change.kind) {
    case 'status':
      return changeStatus(order, change.command, now, prepEstimate);
    case 'promised-time':
      return changePromisedTime(order, change.command, now);
    case 'item-status':
      return changeItemStatus(order, change.command, now);
    case 'add-items':
      return addItems(order, change.command, now);
  }
}
