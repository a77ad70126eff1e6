import { type GetOrderQuery, inBrandScope, type OrderView, type Result, UUID_PATTERN } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findArchivedOrder } from '../../persistence/order-archive.repository.js';
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
    const archived = order ? null : await findArchivedOrder(this.reader, query.orderId);
    const found = order ?? archived;
    // Another brand's order, for a brand-scoped caller, is as unknown as one that does not exist.
    if (found) return inBrandScope(query, found.brandId) ? ok(toOrderView(found, !order)) : notFound(query.orderId);
    const refusal = await findRefusal(this.reader, query.orderId);
    return refusal ? fail(refusal) : notFound(query.orderId);
  }
}
