import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each order's state keeps the fold of its applied events (what the next event builds on) instead
 * of everything it added to the summaries, so an event costs its own rows, not its order's. Orders
 * stored before hold the earlier shape (3) and are brought to this one after start-up
 * (projection-upgrade.service.ts) or by their next event; no summary row changes.
 */
export class AnalyticsOrderFolds1768520000000 implements MigrationInterface {
  name = 'AnalyticsOrderFolds1768520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.order_state ALTER COLUMN projection SET DEFAULT 4`);
    await q.query(`DROP INDEX analytics.order_state_stale_idx`);
    await q.query(`CREATE INDEX order_state_stale_idx ON analytics.order_state (order_id) WHERE projection < 4`);
  }

  /** The earlier version recomputes an order with no stored contribution from its applied events. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE analytics.order_state SET contribution = NULL, projection = 3 WHERE projection = 4`);
    await q.query(`DROP INDEX analytics.order_state_stale_idx`);
    await q.query(`CREATE INDEX order_state_stale_idx ON analytics.order_state (order_id) WHERE projection < 3`);
    await q.query(`ALTER TABLE analytics.order_state ALTER COLUMN projection SET DEFAULT 3`);
  }
}
