import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How each order reaches its customer. Nullable so that adding it rewrites no row: an order
 * stored before has the default of its delivery address (order.mapper.ts).
 */
export class Fulfillment1767800000000 implements MigrationInterface {
  name = 'Fulfillment1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders ADD COLUMN fulfillment jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders DROP COLUMN IF EXISTS fulfillment`);
  }
}
