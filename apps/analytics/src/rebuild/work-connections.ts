import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Sql } from '#persistence';

/**
 * Sorts, hashes and index builds of a few million narrow rows stay in memory (a sort that does not
 * fit spills to disk: slower, never wrong); set per session, on connections only the rebuild uses.
 */
const WORK_MEM = '1GB';
/**
 * Summary statements (quarter hours summed) and index builds run in one worker besides each
 * connection's backend: four processes on two cores; two workers each were slower.
 */
export const PARALLEL_WORKERS = 1;
const APPLICATION_NAME = 'oms-analytics-rebuild';
const SETTINGS = [
  `work_mem=${WORK_MEM}`,
  `maintenance_work_mem=${WORK_MEM}`,
  `max_parallel_workers_per_gather=${PARALLEL_WORKERS}`,
  `max_parallel_maintenance_workers=${PARALLEL_WORKERS}`,
  'jit=off',
]
  .map((setting) => `-c ${setting}`)
  .join(' ');

/** A connection of the rebuild's own, outside the pool, whose statements commit one by one. */
export interface WorkConnection extends Sql {
  readonly pid: number;
  end(): Promise<void>;
}

/**
 * Not from the service's pool: ingest requests held back by the rebuild's lock keep their pooled
 * connections until it commits, so a rebuild waiting for one of them could wait for ever.
 */
export async function openWorkConnection(dataSource: DataSource, aborted: () => boolean): Promise<WorkConnection> {
  // Settings as startup options (as analytics-reader.ts sets its own): in force from the first statement.
  const client = new pg.Client({ connectionString: urlOf(dataSource), application_name: APPLICATION_NAME, options: SETTINGS });
  // An error of an idle client (its backend terminated) fails its next statement; it must not crash the service.
  client.on('error', () => undefined);
  await client.connect();
  const query = async (text: string, params?: unknown[]) => {
    // Once another connection's work failed, nothing more starts here (a cancel between two statements is lost).
    if (aborted()) throw new Error('rebuild aborted: another of its connections failed');
    return client.query(text, params);
  };
  try {
    const [{ pid }] = (await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows;
    let ended: Promise<void> | undefined;
    return {
      pid,
      rows: async <T>(text: string, params?: unknown[]) => (await query(text, params)).rows as T[],
      affected: async (text, params) => (await query(text, params)).rowCount ?? 0,
      end: () => (ended ??= client.end().catch(() => undefined)),
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/** Every data source of the service is made from its DATABASE_URL (libs/persistence dataSourceOptions). */
function urlOf(dataSource: DataSource): string {
  const { url } = dataSource.options as { url?: string };
  if (!url) throw new Error("the rebuild opens its connections from the data source's url, and it has none");
  return url;
}
