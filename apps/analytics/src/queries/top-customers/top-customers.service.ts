import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CustomerLifetime, TopCustomersQuery } from '#contracts';
import type { Reader } from '#persistence';
import { brandsOf } from '../brands-of.js';
import { poolReaderOf } from '../pool-reader.js';
import { type CustomerRow, customersOf, customerView } from './customer-row.js';

/** Most lifetime orders first (within the caller's brands, if scoped); ties by customer key, so the list is stable. */
@Injectable()
export class TopCustomersService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = poolReaderOf(dataSource);
  }

  async execute(q: TopCustomersQuery): Promise<{ items: CustomerLifetime[] }> {
    const brands = brandsOf(q);
    const rows = await this.reader.rows<CustomerRow>(
      `${customersOf(brands, 'true')} ORDER BY orders DESC, customer_key LIMIT $2`,
      [brands, q.limit],
    );
    return { items: rows.map(customerView) };
  }
}
