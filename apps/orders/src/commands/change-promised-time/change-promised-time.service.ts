import { type ChangePromisedTimeCommand, type OrderView, type Result, UUID_PATTERN } from '#contracts';
import { Injectable } from '@nestjs/common';
import { OrderChanges } from '../../batching/order-changes.js';
import { notFound } from '../../result.js';

/** Promised ready times moved by staff, decided by domain/promised-time.ts in the batch of order changes. */
@Injectable()
export class ChangePromisedTimeService {
  constructor(private readonly changes: OrderChanges) {}

  async execute(command: ChangePromisedTimeCommand): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(command.orderId)) return notFound(command.orderId);
    return this.changes.submit({ kind: 'promised-time', command });
  }
}
