import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bucketed summaries keyed by time before brand: (grain, [scope,] bucket, brand_id[, status]).
 * Reads over every brand, the common case, range-scan the primary key as they scanned the time
 * index, which goes: a table then has one index to build when rebuilt and to update per event.
 * Reads of a few brands scan the range over every brand and keep theirs inside the index.
 */
export class AnalyticsTimeOrderedKeys1768640000000 implements MigrationInterface {
  name = 'AnalyticsTimeOrderedKeys1768640000000';

  async up(q: QueryRunner): Promise<void> {
    await rekey(q, 'throughput', 'grain, bucket, brand_id');
    await rekey(q, 'punctuality', 'grain, bucket, brand_id');
    await rekey(q, 'status_durations', 'grain, scope, bucket, brand_id, status');
    await q.query(`DROP INDEX analytics.throughput_time_idx`);
    await q.query(`DROP INDEX analytics.status_durations_time_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await rekey(q, 'throughput', 'grain, brand_id, bucket');
    await rekey(q, 'punctuality', 'grain, brand_id, bucket');
    await rekey(q, 'status_durations', 'grain, scope, brand_id, bucket, status');
    await q.query(`CREATE INDEX throughput_time_idx ON analytics.throughput (grain, bucket)`);
    await q.query(`CREATE INDEX status_durations_time_idx ON analytics.status_durations (grain, scope, bucket)`);
  }
}

async function rekey(q: QueryRunner, table: string, columns: string): Promise<void> {
  await q.query(
    `ALTER TABLE analytics.${table} DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (${columns})`,
  );
}
