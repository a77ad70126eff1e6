import { Injectable } from '@nestjs/common';
import type { CustomerLifetime, CustomerQuery } from '#contracts';
import { brandsOf } from '../brands-of.js';
import { AnalyticsReader } from '../../persistence/analytics-reader.js';
import { type CustomerRow, customersOf, customerView } from '../top-customers/customer-row.js';

/** One customer's lifetime figures; null ("no such customer") if none of its orders is within the caller's brands. */
@Injectable()
export class GetCustomerService {
  constructor(private readonly reader: AnalyticsReader) {}

  async execute(q: CustomerQuery): Promise<CustomerLifetime | null> {
    const brands = brandsOf(q);
    const [row] = await this.reader.rows<CustomerRow>(customersOf(brands, 'customer_key = $2'), [brands, q.customerId]);
    return row ? customerView(row) : null;
  }
}
