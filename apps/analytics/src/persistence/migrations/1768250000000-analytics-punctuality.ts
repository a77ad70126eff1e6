import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Punctuality per UTC quarter hour, hour and day, like throughput, so local buckets of any zone
 * are exact. Orders projected before it may have reached READY with a promise: they are marked as
 * of the previous shape (2) and the service re-projects them after start-up, adding only their
 * punctuality rows (projection-upgrade.service.ts).
 */
export class AnalyticsPunctuality1768250000000 implements MigrationInterface {
  name = 'AnalyticsPunctuality1768250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE analytics.punctuality (
        grain      char(1) NOT NULL,
        bucket     timestamptz NOT NULL,
        brand_id   text NOT NULL,
        ready      bigint NOT NULL DEFAULT 0,
        on_time    bigint NOT NULL DEFAULT 0,
        late       bigint NOT NULL DEFAULT 0,
        lateness_ms numeric NOT NULL DEFAULT 0,
        PRIMARY KEY (grain, brand_id, bucket)
      )`);
    await q.query(`ALTER TABLE analytics.order_state ALTER COLUMN projection SET DEFAULT 3`);
    await q.query(`DROP INDEX analytics.order_state_stale_idx`);
    await q.query(`CREATE INDEX order_state_stale_idx ON analytics.order_state (order_id) WHERE projection < 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX analytics.order_state_stale_idx`);
    await q.query(`UPDATE analytics.order_state SET contribution = contribution - 'punctuality', projection = 2
      WHERE projection = 3`);
    await q.query(`CREATE INDEX order_state_stale_idx ON analytics.order_state (order_id) WHERE projection < 2`);
    await q.query(`ALTER TABLE analytics.order_state ALTER COLUMN projection SET DEFAULT 2`);
    await q.query(`DROP TABLE analytics.punctuality`);
  }
}
