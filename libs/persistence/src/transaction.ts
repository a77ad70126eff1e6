import { Logger } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { runPrepared } from './prepared.js';

/** Plain SQL on one connection; positional parameters ($1, $2, ...). */
export interface Sql {
  /** Rows of a SELECT, or of a statement's RETURNING clause. */
  rows<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** How many rows a statement touched. */
  affected(text: string, params?: unknown[]): Promise<number>;
}

export interface Tx extends Sql {
  /**
   * Runs `hook` once the transaction has committed, never if it rolls back: work that must only
   * follow what is durable (waking the outbox relay). A hook that throws is logged; the commit stands.
   */
  afterCommit(hook: () => void): void;
}

const logger = new Logger('inTransaction');

export function sqlOn(runner: QueryRunner): Sql {
  return {
    rows: async <T>(text: string, params?: unknown[]) => (await runPrepared(runner, text, params)).rows as T[],
    affected: async (text, params) => (await runPrepared(runner, text, params)).rowCount,
  };
}

/** Runs `work` in one transaction on its own pooled connection; commits unless it threw, then runs the after-commit hooks. */
export async function inTransaction<T>(dataSource: DataSource, work: (tx: Tx) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const hooks: (() => void)[] = [];
  let result: T;
  try {
    await runner.startTransaction();
    result = await work({ ...sqlOn(runner), afterCommit: (hook) => void hooks.push(hook) });
    await runner.commitTransaction();
  } catch (error) {
    // The original failure matters more than one from a rollback on a broken connection.
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
  // Outside the try: the transaction is committed, so nothing here may make a caller think it failed and retry it.
  for (const hook of hooks) {
    try {
      hook();
    } catch (error) {
      logger.error(`after-commit hook failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return result;
}

export type Reader = Pick<Sql, 'rows'>;

/** Reads outside any transaction: each statement takes a pooled connection for itself. */
export function readerOf(dataSource: DataSource): Reader {
  return {
    rows: async <T>(text: string, params?: unknown[]) => {
      const runner = dataSource.createQueryRunner();
      try {
        return (await runPrepared(runner, text, params)).rows as T[];
      } finally {
        await runner.release();
      }
    },
  };
}
