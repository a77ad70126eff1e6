import type { CustomerLifetime } from '#contracts';

export interface CustomerRow {
  customer_key: string;
  orders: string;
  total_micro: string;
  first_order_at: Date;
  last_order_at: Date;
}

export const CUSTOMER_COLUMNS = 'customer_key, orders, total_micro, first_order_at, last_order_at';

export const customerView = (r: CustomerRow): CustomerLifetime => ({
  customerId: r.customer_key,
  orders: Number(r.orders),
  firstOrderAt: r.first_order_at.toISOString(),
  lastOrderAt: r.last_order_at.toISOString(),
  totalAmount: Number(r.total_micro) / 1_000_000,
});
