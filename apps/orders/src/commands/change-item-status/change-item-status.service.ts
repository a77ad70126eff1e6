import { type ChangeItemStatusCommand, type OrderView, type Result, UUID_PATTERN } from '#contracts';
import { Injectable } from '@nestjs/common';
import { OrderChanges } from '../../batching/order-changes.js';
import { notFound } from '../../result.js';

/** Item status changes, decided by domain/change-item-status.ts in the batch of order changes. */
@Injectable()
export class ChangeItemStatusService {
  constructor(private readonly changes: OrderChanges) {}

  async execute(command: ChangeItemStatusCommand): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    return this.changes.submit({ kind: 'item-status', command });
  }
}
