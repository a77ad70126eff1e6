import { type ChangeItemQuantityCommand, type OrderView, type Result, UUID_PATTERN } from '#contracts';
import { Injectable } from '@nestjs/common';
import { OrderChanges } from '../../batching/order-changes.js';
import { notFound } from '../../result.js';

/** Quantity changes and removals, decided by domain/change-item-quantity.ts in the batch of order changes. */
@Injectable()
export class ChangeItemQuantityService {
  constructor(private readonly changes: OrderChanges) {}

  async execute(command: ChangeItemQuantityCommand): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    return this.changes.submit({ kind: 'item-quantity', command });
  }
}
