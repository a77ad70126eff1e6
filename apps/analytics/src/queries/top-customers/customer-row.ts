import type { CustomerLifetime } from '#contracts';

export interface CustomerRow {
  customer_key: string;
  orders: string;
  /** The amount in whole units, as an exact decimal string: money sums are `numeric`. */
  total: string;
  first_order_at: Date;
  last_order_at: Date;
}

/**
 * Lifetime figures over every brand (`analytics.customers`) or, for a caller scoped to brands,
 * summed over those brands' rows of `analytics.customer_brands` (`$1`, the brand list).
 */
export const customersOf = (brands: string[] | null, where: string) =>
  brands === null
    ? `SELECT customer_key, orders, total_micro / 1000000 AS total, first_order_at, last_order_at
       FROM analytics.customers WHERE $1::text[] IS NULL AND orders > 0 AND ${where}`
    : `SELECT customer_key, sum(orders) AS orders, sum(total_micro) / 1000000 AS total,
         min(first_order_at) AS first_order_at, max(last_order_at) AS last_order_at
       FROM analytics.customer_brands WHERE brand_id = ANY($1) AND ${where}
       GROUP BY customer_key HAVING sum(orders) > 0`;

export const customerView = (r: CustomerRow): CustomerLifetime => ({
  customerId: r.customer_key,
  orders: Number(r.orders),
  firstOrderAt: r.first_order_at.toISOString(),
  lastOrderAt: r.last_order_at.toISOString(),
  totalAmount: Number(r.total),
});
