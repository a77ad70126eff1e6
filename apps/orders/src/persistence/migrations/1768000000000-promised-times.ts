import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Promised ready times, and the recent prep times a brand's estimate is the median of: at most
 * the last 50 per brand (order.repository.ts prunes the rest in the transaction that adds one),
 * so an estimate reads a few dozen rows of one index range, never the history.
 */
export class PromisedTimes1768000000000 implements MigrationInterface {
  name = 'PromisedTimes1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders ADD COLUMN accepted_at timestamptz, ADD COLUMN promised_ready_at timestamptz`);
    await q.query(`
      CREATE TABLE orders.prep_times (
        brand_id text        NOT NULL,
        ready_at timestamptz NOT NULL,
        order_id uuid        NOT NULL,
        prep_ms  bigint      NOT NULL CONSTRAINT prep_times_non_negative CHECK (prep_ms >= 0),
        PRIMARY KEY (brand_id, ready_at, order_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS orders.prep_times`);
    await q.query(`ALTER TABLE orders.orders DROP COLUMN IF EXISTS promised_ready_at, DROP COLUMN IF EXISTS accepted_at`);
  }
}
