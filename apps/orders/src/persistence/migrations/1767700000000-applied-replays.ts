import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commands replayed from the dead-letter queue whose work is not idempotent by itself (adding
 * items): recorded in the work's transaction, so a second copy of the same replay changes nothing.
 */
export class AppliedReplays1767700000000 implements MigrationInterface {
  name = 'AppliedReplays1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders.applied_replays (
        message_id text PRIMARY KEY,
        order_id   uuid NOT NULL,
        applied_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS orders.applied_replays`);
  }
}
