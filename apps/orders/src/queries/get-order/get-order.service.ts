import { type GetOrderQuery, inBrandScope, type OrderView, type Result } from '#contracts';
import { readerOf, type Reader } from '#persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { findOrderView, UUID_PATTERN } from '../../persistence/order.repository.js';
import { notFound, ok } from '../../result.js';

@Injectable()
export class GetOrderService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = readerOf(dataSource);
  }

  async execute(query: GetOrderQuery): Promise<Result<OrderView>> {
    const order = UUID_PATTERN.test(query.orderId) ? await findOrderView(this.reader, query.orderId) : null;
    // Another brand's order, for a brand-scoped caller, is as unknown as one that does not exist.
    return order && inBrandScope(query, order.brandId) ? ok(order) : notFound(query.orderId);
  }
}
