import { type ChangeOrderCommand, type OrderView, type Result, UUID_PATTERN } from '#contracts';
import { Injectable } from '@nestjs/common';
import { OrderChanges } from '../../batching/order-changes.js';
import { notFound } from '../../result.js';

/** Edits of an order's details, decided by domain/change-details.ts in the batch of order changes. */
@Injectable()
export class ChangeOrderService {
  constructor(private readonly changes: OrderChanges) {}

  async execute(command: ChangeOrderCommand): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    return this.changes.submit({ kind: 'details', command });
  }
}
