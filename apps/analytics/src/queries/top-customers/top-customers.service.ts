import { Injectable } from '@nestjs/common';
import type { CustomerLifetime, TopCustomersQuery } from '#contracts';
import { brandsOf } from '../brands-of.js';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';
import { type CustomerRow, customersOf, customerView } from './customer-row.js';

/** Most lifetime orders first (within the caller's brands, if scoped); ties by customer key, so the list is stable. */
@Injectable()
export class TopCustomersService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: TopCustomersQuery): Promise<{ items: CustomerLifetime[] }> {
    const brands = brandsOf(q);
    const rows = await this.reader.rows<CustomerRow>(
      `${customersOf(brands, 'true')} ORDER BY orders DESC, customer_key LIMIT $2`,
      [brands, q.limit],
    );
    return { items: rows.map(customerView) };
  }
}
