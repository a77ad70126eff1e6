import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store (inbox), each order's applied contribution, and the summary tables.
 * Summary tables hold both grains: `grain` 'h' (UTC hour) and 'd' (UTC day), so a long range
 * reads few rows. Durations are integer milliseconds and amounts integer micro-units, so sums
 * stay exact however many deltas are applied. brand_id '' holds the total of every brand.
 */
export class AnalyticsInitial1767398400000 implements MigrationInterface {
  name = 'AnalyticsInitial1767398400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE analytics.order_events (
        event_id    text PRIMARY KEY,
        order_id    text NOT NULL,
        sequence    int NOT NULL,
        type        text NOT NULL,
        time        timestamptz NOT NULL,
        data        jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX order_events_order_seq_idx ON analytics.order_events (order_id, sequence)`);
    await q.query(`
      CREATE TABLE analytics.order_state (
        order_id         text PRIMARY KEY,
        applied_sequence int NOT NULL DEFAULT 0,
        contribution     jsonb
      )`);
    await q.query(`
      CREATE TABLE analytics.throughput (
        grain     char(1) NOT NULL,
        bucket    timestamptz NOT NULL,
        brand_id  text NOT NULL,
        placed    bigint NOT NULL DEFAULT 0,
        picked_up bigint NOT NULL DEFAULT 0,
        rejected  bigint NOT NULL DEFAULT 0,
        cancelled bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (grain, brand_id, bucket)
      )`);
    await q.query(`
      CREATE TABLE analytics.status_durations (
        grain    char(1) NOT NULL,
        bucket   timestamptz NOT NULL,
        brand_id text NOT NULL,
        scope    text NOT NULL,
        status   text NOT NULL,
        sum_ms   bigint NOT NULL DEFAULT 0,
        count    bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (grain, scope, brand_id, bucket, status)
      )`);
    await q.query(`
      CREATE TABLE analytics.status_counts (
        brand_id text NOT NULL,
        status   text NOT NULL,
        count    bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (brand_id, status)
      )`);
    await q.query(`
      CREATE TABLE analytics.processing (
        brand_id text PRIMARY KEY,
        count    bigint NOT NULL DEFAULT 0,
        sum_ms   bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE analytics.customers (
        customer_key   text PRIMARY KEY,
        orders         bigint NOT NULL DEFAULT 0,
        total_micro    bigint NOT NULL DEFAULT 0,
        first_order_at timestamptz,
        last_order_at  timestamptz
      )`);
    await q.query(`CREATE INDEX customers_top_idx ON analytics.customers (orders DESC, customer_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'customers',
      'processing',
      'status_counts',
      'status_durations',
      'throughput',
      'order_state',
      'order_events',
    ]) {
      await q.query(`DROP TABLE analytics.${t}`);
    }
  }
}
