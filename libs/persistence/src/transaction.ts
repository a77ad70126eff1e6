import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Plain SQL on one connection; positional parameters ($1, $2, ...). */
export interface Sql {
  /** Rows of a SELECT, or of a statement's RETURNING clause. */
  rows<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** How many rows a statement touched. */
  affected(text: string, params?: unknown[]): Promise<number>;
  /** The same connection for TypeORM entity inserts. */
  readonly manager: EntityManager;
}

export interface Tx extends Sql {
  /** Ends the transaction with a rollback while still returning a value: domain refusals are not exceptions. */
  rollbackOnly(): void;
}

export function sqlOn(runner: QueryRunner): Sql {
  return {
    rows: async <T>(text: string, params?: unknown[]) => ((await runner.query(text, params, true)).records ?? []) as T[],
    affected: async (text, params) => (await runner.query(text, params, true)).affected ?? 0,
    manager: runner.manager,
  };
}

/** Runs `work` in one transaction on its own pooled connection; commits unless it threw or asked for a rollback. */
export async function inTransaction<T>(dataSource: DataSource, work: (tx: Tx) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let rollback = false;
  try {
    await runner.startTransaction();
    const result = await work({ ...sqlOn(runner), rollbackOnly: () => void (rollback = true) });
    if (rollback) await runner.rollbackTransaction();
    else await runner.commitTransaction();
    return result;
  } catch (error) {
    // The original failure matters more than one from a rollback on a broken connection.
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

export type Reader = Pick<Sql, 'rows'>;

/** Reads outside any transaction: each statement takes a pooled connection for itself. */
export function readerOf(dataSource: DataSource): Reader {
  return { rows: async <T>(text: string, params?: unknown[]) => (await dataSource.query(text, params)) as T[] };
}
