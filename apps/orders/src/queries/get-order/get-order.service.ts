import { type GetOrderQuery, inBrandScope, type OrderView, type Result, UUID_PATTERN } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findRefusal } from '../../persistence/order-refusal.repository.js';
import { findOrder } from '../../persistence/order.repository.js';
import { fail, notFound, ok } from '../../result.js';
import { toOrderView } from '../../wire/order-view.mapper.js';

@Injectable()
export class GetOrderService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = readerOf(dataSource);
  }

  /** An order never stored because its create request was refused answers that refusal, not 404. */
  async execute(query: GetOrderQuery): Promise<Result<OrderView>> {
    if (!UUID_PATTERN.test(query.orderId)) return notFound(query.orderId);
    const order = await findOrder(this.reader, query.orderId);
    // Another brand's order, for a brand-scoped caller, is as unknown as one that does not exist.
    if (order) return inBrandScope(query, order.brandId) ? ok(toOrderView(order)) : notFound(query.orderId);
    const refusal = await findRefusal(this.reader, query.orderId);
    return refusal ? fail(refusal) : notFound(query.orderId);
  }
}
