import type { Sql } from '#persistence';
import type { Refund } from '../domain/order.js';

/** PENDING refunds; the unique payment reference makes each exactly once. */
export async function insertRefunds(sql: Sql, refunds: Refund[]): Promise<void> {
  if (refunds.length === 0) return;
  await sql.affected(
    `INSERT INTO orders.refunds (id, order_id, payment_reference, amount, status, created_at, updated_at)
     SELECT id, order_id, payment_reference, amount, 'PENDING', created_at, created_at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::numeric[], $5::timestamptz[])
         AS t(id, order_id, payment_reference, amount, created_at)`,
    [
      refunds.map((r) => r.id),
      refunds.map((r) => r.orderId),
      refunds.map((r) => r.paymentReference),
      refunds.map((r) => r.amount.toDecimal()),
      refunds.map((r) => r.createdAt),
    ],
  );
}
