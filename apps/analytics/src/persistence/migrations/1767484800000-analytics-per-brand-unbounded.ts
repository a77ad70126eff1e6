import type { MigrationInterface, QueryRunner } from 'typeorm';

/** JS's JSON.stringify of a two-element array of strings, which is how contribution keys are spelled. */
const jsKey = (a: string, b: string) => `'[' || to_json(${a})::text || ',' || to_json(${b})::text || ']'`;

/**
 * Figures that hold any sum of valid orders, and summary rows per brand only.
 * - Summed durations and amounts become `numeric` (no precision limit); counts stay `bigint`.
 * - The all-brands rows (brand_id '') go: every event wrote them, which serialised all consumers
 *   on one row lock. Queries sum over brands instead, helped by indexes on the time columns.
 * - `customer_brands` holds each customer's lifetime figures per brand, for brand-scoped callers.
 * Each order's stored contribution is rewritten to match, so the next event of the order applies
 * the right difference.
 */
export class AnalyticsPerBrandUnbounded1767484800000 implements MigrationInterface {
  name = 'AnalyticsPerBrandUnbounded1767484800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE analytics.status_durations ALTER COLUMN sum_ms TYPE numeric`);
    await q.query(`ALTER TABLE analytics.processing ALTER COLUMN sum_ms TYPE numeric`);
    await q.query(`ALTER TABLE analytics.customers ALTER COLUMN total_micro TYPE numeric`);
    await q.query(`DELETE FROM analytics.throughput WHERE brand_id = ''`);
    await q.query(`DELETE FROM analytics.status_durations WHERE brand_id = ''`);
    await q.query(`CREATE INDEX throughput_time_idx ON analytics.throughput (grain, bucket)`);
    await q.query(`CREATE INDEX status_durations_time_idx ON analytics.status_durations (grain, scope, bucket)`);
    await q.query(`
      CREATE TABLE analytics.customer_brands (
        brand_id       text NOT NULL,
        customer_key   text NOT NULL,
        orders         bigint NOT NULL DEFAULT 0,
        total_micro    numeric NOT NULL DEFAULT 0,
        first_order_at timestamptz,
        last_order_at  timestamptz,
        PRIMARY KEY (brand_id, customer_key)
      )`);
    // An order's brand is the first key column of its single status_counts fact.
    await q.query(`
      UPDATE analytics.order_state s SET contribution = s.contribution || jsonb_build_object(
        'throughput', coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(s.contribution->'throughput') e(k, v)
          WHERE (k::jsonb)->>2 <> ''), '{}'::jsonb),
        'durations', coalesce((SELECT jsonb_object_agg(k, v) FROM jsonb_each(s.contribution->'durations') e(k, v)
          WHERE (k::jsonb)->>2 <> ''), '{}'::jsonb),
        'customerBrands', coalesce((SELECT jsonb_object_agg(${jsKey('b.brand', `(k::jsonb)->>0`)}, v)
          FROM jsonb_each(s.contribution->'customers') e(k, v),
            (SELECT (sk::jsonb)->>0 AS brand FROM jsonb_object_keys(s.contribution->'statusCounts') sk LIMIT 1) b), '{}'::jsonb))
      WHERE s.contribution IS NOT NULL`);
    await q.query(`
      INSERT INTO analytics.customer_brands (brand_id, customer_key, orders, total_micro, first_order_at, last_order_at)
      SELECT (k::jsonb)->>0, (k::jsonb)->>1, sum((v->>0)::bigint), sum((v->>1)::numeric),
        min((s.contribution->>'placedAt')::timestamptz), max((s.contribution->>'placedAt')::timestamptz)
      FROM analytics.order_state s, jsonb_each(s.contribution->'customerBrands') e(k, v)
      GROUP BY 1, 2`);
  }

  /**
   * Back to the earlier layout, with the derived tables emptied: the event store is untouched,
   * and `POST /v1/analytics/rebuild` of the earlier version recomputes them from it.
   */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE analytics.customer_brands`);
    await q.query(`DROP INDEX analytics.throughput_time_idx`);
    await q.query(`DROP INDEX analytics.status_durations_time_idx`);
    await q.query(`TRUNCATE analytics.order_state, analytics.throughput, analytics.status_durations,
      analytics.status_counts, analytics.processing, analytics.customers`);
    await q.query(`ALTER TABLE analytics.status_durations ALTER COLUMN sum_ms TYPE bigint`);
    await q.query(`ALTER TABLE analytics.processing ALTER COLUMN sum_ms TYPE bigint`);
    await q.query(`ALTER TABLE analytics.customers ALTER COLUMN total_micro TYPE bigint`);
  }
}
