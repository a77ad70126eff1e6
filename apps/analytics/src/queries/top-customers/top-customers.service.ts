import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CustomerLifetime, TopCustomersQuery } from '#contracts';
import type { Reader } from '#persistence';
import { poolReaderOf } from '../pool-reader.js';
import { CUSTOMER_COLUMNS, type CustomerRow, customerView } from './customer-row.js';

/** Most lifetime orders first; ties by customer key, so the list is stable. */
@Injectable()
export class TopCustomersService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = poolReaderOf(dataSource);
  }

  async execute(q: TopCustomersQuery): Promise<{ items: CustomerLifetime[] }> {
    const rows = await this.reader.rows<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM analytics.customers WHERE orders > 0 ORDER BY orders DESC, customer_key LIMIT $1`,
      [q.limit],
    );
    return { items: rows.map(customerView) };
  }
}
