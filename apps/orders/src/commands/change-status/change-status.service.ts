import { inBrandScope, type ChangeStatusCommand, type OrderView, type Result } from '#contracts';
import { APP_CONFIG, type AppConfig } from '#config';
import { inTransaction, type Tx } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BATCH_WINDOW_MS } from '../../batching/batch-window.js';
import { CommandBatcher } from '../../batching/command-batcher.js';
import { OutboxRelay } from '../../outbox/outbox-relay.service.js';
import { toOrderView } from '../../persistence/order.mapper.js';
import { UUID_PATTERN } from '../../persistence/order.repository.js';
import { notFound, ok } from '../../result.js';
import { decideChange, type Change } from './decide-change.js';
import { lockOrderStates } from './order-states.js';
import { writeChanges } from './write-changes.js';

/**
 * Status changes, group-committed and set-based: the orders of one prefetch window are locked
 * and read together, each command is decided in memory in arrival order on what the commands
 * before it left (exactly as if they had run one after another), and all that was accepted is
 * written with one statement per table. Each command is answered after the commit, from memory.
 * A refusal writes nothing and touches no other command; if the batch fails as a whole, the
 * batcher runs each command again alone.
 */
@Injectable()
export class ChangeStatusService {
  private readonly batcher: CommandBatcher<ChangeStatusCommand, Result<OrderView>>;

  constructor(
    dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.batcher = new CommandBatcher((batch) => inTransaction(dataSource, (tx) => runBatch(tx, batch)), {
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
}

async function runBatch(tx: Tx, batch: ChangeStatusCommand[]): Promise<Result<OrderView>[]> {
  const loaded = await lockOrderStates(
    tx,
    batch.map((c) => c.orderId),
  );
  const current = new Map(loaded);
  const now = new Date();
  const changes: Change[] = [];
  const results = batch.map((command): Result<OrderView> => {
    const state = current.get(command.orderId);
    if (!state || !inBrandScope(command, state.brand_id)) return notFound(command.orderId);
    const change = decideChange(command, state, now);
    if (!change.ok) return change;
    current.set(command.orderId, change.value.after);
    changes.push(change.value);
    return ok(toOrderView(change.value.after));
  });
  await writeChanges(tx, loaded, current, changes);
  return results;
}
