import { type RequestRefundCommand, type RefundView, type Result, UUID_PATTERN } from '#contracts';
import { Injectable } from '@nestjs/common';
import { OrderChanges } from '../../batching/order-changes.js';
import { notFound } from '../../result.js';

/** Goodwill refunds, decided by domain/goodwill-refund.ts in the batch of order changes: on the order's locked row, with every earlier refund of it in view. */
@Injectable()
export class RequestRefundService {
  constructor(private readonly changes: OrderChanges) {}

  async execute(command: RequestRefundCommand): Promise<Result<RefundView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    return this.changes.requestRefund(command);
  }
}
