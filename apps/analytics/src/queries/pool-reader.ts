import type { Reader } from '#persistence';
import type pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Reads on the DataSource's own pg pool, skipping TypeORM's per-query runner: measured at about
 * 5 ms of overhead on a 744-row answer, a quarter of the 20 ms budget of an analytics query.
 */
export function poolReaderOf(dataSource: DataSource): Reader {
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  return { rows: async <T>(text: string, params?: unknown[]) => (await pool.query(text, params)).rows as T[] };
}
