import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The acceptance timeout is found by a frequent sweep instead of a delay message per order: the
 * timers' table goes, and the sweep's index holds exactly what it looks for (backfilled orders never time out).
 */
export class AcceptanceSweep1767600000000 implements MigrationInterface {
  name = 'AcceptanceSweep1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS orders.acceptance_timers`);
    await q.query(
      `CREATE INDEX orders_awaiting_acceptance_idx ON orders.orders (created_at) WHERE status = 1 AND NOT backfilled`,
    );
    await q.query(`DROP INDEX IF EXISTS orders.orders_placed_awaiting_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX orders_placed_awaiting_idx ON orders.orders (created_at) WHERE status = 1`);
    await q.query(`DROP INDEX IF EXISTS orders.orders_awaiting_acceptance_idx`);
    await q.query(`
      CREATE TABLE orders.acceptance_timers (
        order_id     uuid PRIMARY KEY CONSTRAINT acceptance_timers_order_fk REFERENCES orders.orders (id) ON DELETE CASCADE,
        due_at       timestamptz NOT NULL,
        published_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX acceptance_timers_unpublished_idx ON orders.acceptance_timers (due_at) WHERE published_at IS NULL`,
    );
  }
}
