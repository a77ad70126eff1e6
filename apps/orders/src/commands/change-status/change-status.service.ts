import { type ChangeStatusCommand, type OrderView, type Result } from '#contracts';
import { APP_CONFIG, type AppConfig } from '#config';
import { inTransaction } from '#persistence';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BATCH_WINDOW_MS } from '../../batching/batch-window.js';
import { runChangeBatch } from '../../batching/change-batch.js';
import { CommandBatcher } from '../../batching/command-batcher.js';
import { OutboxRelay } from '../../outbox/outbox-relay.service.js';
import { UUID_PATTERN } from '../../persistence/order.repository.js';
import { notFound } from '../../result.js';
import { decideChange } from './decide-change.js';

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
    this.batcher = new CommandBatcher((batch) => inTransaction(dataSource, (tx) => runChangeBatch(tx, batch, decideChange)), {
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
