import type { PoolClient } from 'pg';
import { QueryFailedError, type QueryRunner } from 'typeorm';

export interface Outcome {
  rows: unknown[];
  rowCount: number;
}

/** More distinct statements than the services have: past it, a text runs unnamed, as any text would. */
const MAX_NAMED = 1_000;
const names = new Map<string, string>();

/**
 * A process-wide name per statement text, so each pooled connection parses a statement once and then
 * only binds it; after five runs PostgreSQL also keeps a generic plan where its estimate is no worse
 * than the fresh ones'. The batch statements here are long chains of CTEs: planned again on every
 * run, they cost PostgreSQL about a fifth of its share of an order's lifecycle (README, Performance),
 * and most when a batch holds one or two commands, as it does at a kitchen's ordinary pace. A name
 * is never reused for another text, which node-postgres refuses.
 */
function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `s${names.size}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `text` on the runner's connection as a named statement; failures as TypeORM reports them. A
 * text without parameters goes as it is, by the simple protocol, which also takes several statements.
 */
export async function runPrepared(runner: QueryRunner, text: string, params: unknown[] = []): Promise<Outcome> {
  if (params.length === 0) {
    const result = await runner.query(text, params, true);
    return { rows: (result.records ?? []) as unknown[], rowCount: result.affected ?? 0 };
  }
  const client = (await runner.connect()) as PoolClient;
  try {
    const result = await client.query({ name: nameOf(text), text, values: params });
    return { rows: result.rows as unknown[], rowCount: result.rowCount ?? 0 };
  } catch (error) {
    throw new QueryFailedError(text, params, error as Error);
  }
}
