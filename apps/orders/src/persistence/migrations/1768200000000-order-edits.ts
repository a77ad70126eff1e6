import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders change after placement: lines removed (out of the total, kept in the view), and partial
 * and goodwill refunds, so a payment may be refunded more than once, each refund with its reason.
 * Refunds are read with their order, by the (order_id, created_at, id) index already there.
 */
export class OrderEdits1768200000000 implements MigrationInterface {
  name = 'OrderEdits1768200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.order_items ADD COLUMN removed boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE orders.refunds DROP CONSTRAINT refunds_payment_reference_uq`);
    await q.query(`ALTER TABLE orders.refunds ADD COLUMN reason text`);
    // Until now every refund was a rejected or cancelled order's.
    await q.query(`
      UPDATE orders.refunds r SET reason = CASE o.status WHEN 6 THEN 'order_rejected' ELSE 'order_cancelled' END
        FROM orders.orders o WHERE o.id = r.order_id`);
    await q.query(`ALTER TABLE orders.refunds ALTER COLUMN reason SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.refunds DROP COLUMN IF EXISTS reason`);
    await q.query(`ALTER TABLE orders.refunds ADD CONSTRAINT refunds_payment_reference_uq UNIQUE (payment_reference)`);
    await q.query(`ALTER TABLE orders.order_items DROP COLUMN IF EXISTS removed`);
  }
}
