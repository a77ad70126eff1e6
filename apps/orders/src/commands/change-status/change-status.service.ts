import { type ChangeStatusCommand, type OrderView, type Result, UUID_PATTERN } from '#contracts';
import { Injectable } from '@nestjs/common';
import { OrderChanges } from '../../batching/order-changes.js';
import { notFound } from '../../result.js';

/** Status changes, decided by domain/change-status.ts in the batch of order changes. */
@Injectable()
export class ChangeStatusService {
  constructor(private readonly changes: OrderChanges) {}

  async execute(command: ChangeStatusCommand): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    return this.changes.submit({ kind: 'status', command });
  }
}
