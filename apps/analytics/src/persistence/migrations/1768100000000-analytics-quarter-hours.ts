import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Figures in any zone's local hours and days need the UTC quarter hours ('q' grain) beside the
 * hours and days. They are not derivable from the stored rows, so each order's projection is
 * recomputed from its events: `projection` says which orders still hold the shape before this one
 * (1), and the service brings them up to date in batches after it starts (projection-upgrade.ts),
 * adding only their quarter-hour rows. New and rebuilt rows are written in the current shape (2).
 */
export class AnalyticsQuarterHours1768100000000 implements MigrationInterface {
  name = 'AnalyticsQuarterHours1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.order_state ADD COLUMN projection smallint NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE analytics.order_state ALTER COLUMN projection SET DEFAULT 2`);
    await q.query(`CREATE INDEX order_state_stale_idx ON analytics.order_state (order_id) WHERE projection < 2`);
  }

  /** The quarter-hour rows go; the earlier code never reads them, nor writes a delta to them. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM analytics.throughput WHERE grain = 'q'`);
    await q.query(`DELETE FROM analytics.status_durations WHERE grain = 'q'`);
    await q.query(`
      UPDATE analytics.order_state SET contribution = contribution || jsonb_build_object(
        'throughput', coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(contribution->'throughput') e(k, v)
          WHERE (k::jsonb)->>0 <> 'q'), '{}'::jsonb),
        'durations', coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(contribution->'durations') e(k, v)
          WHERE (k::jsonb)->>0 <> 'q'), '{}'::jsonb))
      WHERE contribution IS NOT NULL`);
    await q.query(`DROP INDEX analytics.order_state_stale_idx`);
    await q.query(`ALTER TABLE analytics.order_state DROP COLUMN projection`);
  }
}
