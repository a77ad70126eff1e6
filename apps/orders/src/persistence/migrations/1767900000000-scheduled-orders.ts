import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduled orders: the acceptance timeout counts from `release_at`, so the sweep's partial index
 * is on it. Only the orders still awaiting acceptance need a value (the index holds only them);
 * every other older order reads as released when created.
 */
export class ScheduledOrders1767900000000 implements MigrationInterface {
  name = 'ScheduledOrders1767900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders ADD COLUMN scheduled boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE orders.orders ADD COLUMN release_at timestamptz`);
    await q.query(`UPDATE orders.orders SET release_at = created_at WHERE status = 1 AND NOT backfilled`);
    await q.query(`CREATE INDEX orders_awaiting_release_idx ON orders.orders (release_at) WHERE status = 1 AND NOT backfilled`);
    await q.query(`DROP INDEX IF EXISTS orders.orders_awaiting_acceptance_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX orders_awaiting_acceptance_idx ON orders.orders (created_at) WHERE status = 1 AND NOT backfilled`,
    );
    await q.query(`DROP INDEX IF EXISTS orders.orders_awaiting_release_idx`);
    await q.query(`ALTER TABLE orders.orders DROP COLUMN IF EXISTS release_at`);
    await q.query(`ALTER TABLE orders.orders DROP COLUMN IF EXISTS scheduled`);
  }
}
