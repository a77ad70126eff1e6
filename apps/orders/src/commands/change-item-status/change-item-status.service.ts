import { APP_CONFIG, type AppConfig } from '#config';
import { type ChangeItemStatusCommand, type OrderView, type Result } from '#contracts';
import { inTransaction } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BATCH_WINDOW_MS } from '../../batching/batch-window.js';
import { runChangeBatch } from '../../batching/change-batch.js';
import { CommandBatcher } from '../../batching/command-batcher.js';
import { OutboxRelay } from '../../outbox/outbox-relay.service.js';
import { UUID_PATTERN } from '../../persistence/order.repository.js';
import { notFound } from '../../result.js';
import { decideItemChange } from './decide-item-change.js';

/**
 * Moves items through the item state machine, group-committed like status changes: a window's
 * orders are locked and read together, each command is decided in memory in arrival order on
 * what the ones before it left, and the accepted ones are written with one statement per table.
 */
@Injectable()
export class ChangeItemStatusService {
  private readonly batcher: CommandBatcher<ChangeItemStatusCommand, Result<OrderView>>;

  constructor(
    dataSource: DataSource,
    private readonly relay: OutboxRelay,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.batcher = new CommandBatcher((batch) => inTransaction(dataSource, (tx) => runChangeBatch(tx, batch, decideItemChange)), {
      maxSize: config.prefetch,
      windowMs: BATCH_WINDOW_MS,
    });
  }

  async execute(command: ChangeItemStatusCommand): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    const result = await this.batcher.submit(command);
    if (result.ok) this.relay.kick();
    return result;
  }
}
