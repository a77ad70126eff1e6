import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CustomerLifetime, CustomerQuery } from '#contracts';
import type { Reader } from '#persistence';
import { poolReaderOf } from '../pool-reader.js';
import { CUSTOMER_COLUMNS, type CustomerRow, customerView } from '../top-customers/customer-row.js';

@Injectable()
export class GetCustomerService {
  private readonly reader: Reader;

  constructor(dataSource: DataSource) {
    this.reader = poolReaderOf(dataSource);
  }

  async execute(q: CustomerQuery): Promise<CustomerLifetime | null> {
    const [row] = await this.reader.rows<CustomerRow>(
      `SELECT ${CUSTOMER_COLUMNS} FROM analytics.customers WHERE customer_key = $1 AND orders > 0`,
      [q.customerId],
    );
    return row ? customerView(row) : null;
  }
}
