import { type AddItemsCommand, type OrderView, type Result, UUID_PATTERN } from '#contracts';
import { Injectable } from '@nestjs/common';
import { OrderChanges } from '../../batching/order-changes.js';
import { notFound } from '../../result.js';

/**
 * Adds lines to a PLACED order (domain/add-items.ts), in the batch of order changes: concurrent
 * adds, and an accept racing them, are decided one after another on what the previous one left.
 * Adding is not idempotent by itself: a command replayed from the dead-letter queue records its
 * replay id with the change, and a second copy of it answers with the order as it stands.
 */
@Injectable()
export class AddItemsService {
  constructor(private readonly changes: OrderChanges) {}

  async execute(command: AddItemsCommand, replayId?: string): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    return this.changes.submit({ kind: 'add-items', command, replayId });
  }
}
