import type { DataSource } from 'typeorm';
import { sqlOn, type Reader } from '#persistence';

/**
 * Single statements, each on a pooled connection of its own, whose rows come back for writes too:
 * `DataSource.query` answers an UPDATE … RETURNING with `[rows, count]`, this with the rows.
 */
export function statementsOf(dataSource: DataSource): Reader {
  return {
    async rows<T>(text: string, params?: unknown[]): Promise<T[]> {
      const runner = dataSource.createQueryRunner();
      try {
        return await sqlOn(runner).rows<T>(text, params);
      } finally {
        await runner.release();
      }
    },
  };
}
