import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RebuildOutcome } from '#contracts';
import { inTransaction, type Sql, type Tx } from '#persistence';
import { PROJECTION_VERSION } from '../projection/reproject.js';
import { rebuildProgress, rebuildRate, rebuildsByOutcome } from './rebuild.metrics.js';
import { BRANDS, SHARD_TABLES, SHARD_VIEWS, SHARDS, type Staging, shardStaging } from './staging.js';
import { quartersOf, SUMMARY_REBUILDS, type SummaryRebuild } from './summary-rebuilds.js';
import { createNext, indexNext, NEXT, swapIn } from './table-swap.js';
import { openWorkConnection, PARALLEL_WORKERS, type WorkConnection } from './work-connections.js';

/**
 * Each order's projection state after a rebuild: how many of its events are applied, and no stored
 * contribution; the next event of the order recomputes what it contributed from those events
 * (reproject.ts), which is what this rebuild computed for it.
 */
const ORDER_STATE: SummaryRebuild = {
  table: 'order_state',
  columns: 'order_id, applied_sequence, contribution, projection',
  select: `SELECT order_id, applied_events, NULL::jsonb, ${PROJECTION_VERSION} FROM analytics.rebuild_events WHERE last_in_order`,
};

const TARGETS = [...SUMMARY_REBUILDS, ORDER_STATE];
/**
 * The tables each work connection builds, balanced by their times at a million orders: status
 * durations (the most rows: every status change of orders and items) alone, the rest on the other.
 */
const BUILT_APART: ((table: string) => boolean)[] = [(t) => t === 'status_durations', (t) => t !== 'status_durations'];

/**
 * Recomputes every summary table from the event store with a few set-based statements, into fresh
 * copies of the tables, and swaps the copies in at the commit: until then readers read the old
 * figures, untouched; afterwards the new ones, all tables at once. New events wait for the commit
 * (the event store is locked against writes, not reads) and then apply on top of the rebuilt state,
 * so nothing that arrives meanwhile is lost or counted twice.
 */
@Injectable()
export class RebuildService {
  private readonly logger = new Logger(RebuildService.name);

  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<RebuildOutcome> {
    const started = Date.now();
    rebuildProgress.set(0);
    const work: WorkConnection[] = [];
    try {
      const outcome = await inTransaction(this.dataSource, (tx) => this.rebuild(tx, started, work));
      rebuildsByOutcome.inc({ outcome: 'completed' });
      rebuildRate.set(outcome.events / Math.max(outcome.tookMs / 1000, 0.001));
      this.logger.log(`rebuilt from ${outcome.events} events of ${outcome.orders} orders in ${outcome.tookMs} ms`);
      return outcome;
    } catch (error) {
      rebuildsByOutcome.inc({ outcome: 'failed' });
      // Work connections open only once the locks are held: with none, this rebuild made no table.
      if (work.length > 0) {
        await Promise.all(work.map((w) => w.end()));
        await dropLeftovers(this.dataSource).catch((e: unknown) => this.logger.warn(`rebuild left work tables: ${String(e)}`));
      }
      this.logger.error(`rebuild failed, the summary tables are unchanged: ${String(error)}`);
      throw error;
    } finally {
      await Promise.all(work.map((w) => w.end()));
      rebuildProgress.set(1);
    }
  }

  private async rebuild(tx: Tx, started: number, work: WorkConnection[]): Promise<RebuildOutcome> {
    const steps = SHARDS * shardStaging(0).length + 1 + TARGETS.length + 1;
    let done = 0;
    const step = (what: string, since: number) => {
      rebuildProgress.set(++done / steps);
      this.logger.log(`rebuild: ${what} in ${Date.now() - since} ms (step ${done} of ${steps})`);
    };
    // Writers wait (ingest first inserts into the event store); readers of every table go on. Only
    // then do the work connections start: no write is in flight, so every statement of every one of
    // them reads the same events, these.
    await tx.affected(`LOCK TABLE analytics.order_events IN SHARE MODE`);
    await tx.affected(`LOCK TABLE analytics.order_state IN EXCLUSIVE MODE`);
    const aborted = { yes: false };
    for (let i = 0; i < SHARDS; i++) work.push(await openWorkConnection(this.dataSource, () => aborted.yes));
    const together = (tasks: ((sql: WorkConnection) => Promise<void>)[]) => allOrCancel(tx, work, tasks, aborted);
    // Views a crashed rebuild left would keep its work tables from being dropped and made again.
    await work[0].affected(`DROP VIEW IF EXISTS ${SHARD_VIEWS.map((v) => `analytics.${v.view}`).join(', ')}`);

    await together(
      work.map((_, shard) => async (sql) => {
        // One process per shard: the shards use both cores, and parallel workers besides would only
        // add passing their rows through queues to it (measured: as fast, less CPU).
        await sql.affected(`SET max_parallel_workers_per_gather = 0`);
        for (const staging of shardStaging(shard)) step(`${staging.table} staged`, await stage(sql, staging));
        await sql.affected(`SET max_parallel_workers_per_gather = ${PARALLEL_WORKERS}`);
      }),
    );
    for (const { view, sql } of SHARD_VIEWS) await work[0].affected(`CREATE VIEW analytics.${view} AS ${sql}`);
    step(`${BRANDS.table} staged`, await stage(work[0], BRANDS));

    const indexes = new Map<string, string[]>();
    const builds = BUILT_APART.map((tables) => async (sql: WorkConnection) => {
      for (const target of TARGETS.filter((t) => tables(t.table))) {
        const t = Date.now();
        indexes.set(target.table, await build(sql, target));
        step(`${target.table} built`, t);
      }
    });
    await together(builds);

    const [{ orders, events }] = await tx.rows<{ orders: number; events: number }>(
      `SELECT count(*)::int AS orders, coalesce(sum(stored_events), 0)::int AS events
       FROM analytics.rebuild_events WHERE last_in_order`,
    );
    const t = Date.now();
    await tx.affected(dropWorkTables(false));
    for (const { table } of TARGETS) await swapIn(tx, table, indexes.get(table)!);
    step('new tables swapped in', t);
    return { orders, events, tookMs: Date.now() - started };
  }
}

async function stage(sql: Sql, { table, sql: select, compile }: Staging): Promise<number> {
  const t = Date.now();
  await sql.affected(`SET jit = ${compile ? 'on' : 'off'}`);
  await sql.affected(`DROP TABLE IF EXISTS analytics.${table}`);
  await sql.affected(`CREATE UNLOGGED TABLE analytics.${table} AS ${select}`);
  await sql.affected(`ANALYZE analytics.${table}`);
  await sql.affected(`SET jit = off`);
  return t;
}

/** Fills and indexes the table's copy, committed but not yet in place; returns the names of its indexes. */
async function build(sql: Sql, { table, columns, select, quarters }: SummaryRebuild): Promise<string[]> {
  if (quarters) {
    // Grouped by sorting in each worker: hashing would group millions of quarter hours in one process.
    await sql.affected(`SET enable_hashagg = off`);
    await sql.affected(`DROP TABLE IF EXISTS analytics.${quartersOf(table)}`);
    await sql.affected(`CREATE UNLOGGED TABLE analytics.${quartersOf(table)} AS ${quarters}`);
    await sql.affected(`SET enable_hashagg = on`);
  }
  await createNext(sql, table);
  for (const rows of [select].flat()) await sql.affected(`INSERT INTO analytics.${table}${NEXT} (${columns}) ${rows}`);
  if (quarters) await sql.affected(`DROP TABLE analytics.${quartersOf(table)}`);
  return indexNext(sql, table);
}

/**
 * Runs each task on its own work connection at once. When one fails, the statements still running
 * on the others are cancelled and none starts after; it throws once all have stopped.
 */
async function allOrCancel(
  tx: Tx,
  work: WorkConnection[],
  tasks: ((sql: WorkConnection) => Promise<void>)[],
  aborted: { yes: boolean },
): Promise<void> {
  let first: { error: unknown } | undefined;
  const running = tasks.map((task, i) =>
    task(work[i]).catch(async (error: unknown) => {
      if (first) return;
      first = { error };
      aborted.yes = true;
      await tx.rows(`SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) pid`, [work.map((w) => w.pid)]).catch(() => undefined);
    }),
  );
  await Promise.all(running);
  // The failure that stopped the others, not their cancellation.
  if (first) throw first.error;
}

/** Everything a rebuild makes besides the tables it swaps in (and, with `copies`, their filled copies too). */
function dropWorkTables(copies: boolean): string {
  const tables = [
    ...SHARD_TABLES,
    BRANDS.table,
    ...TARGETS.filter((t) => t.quarters).map((t) => quartersOf(t.table)),
    ...(copies ? TARGETS.map((t) => `${t.table}${NEXT}`) : []),
  ];
  return `DROP VIEW IF EXISTS ${SHARD_VIEWS.map((v) => `analytics.${v.view}`).join(', ')};
    DROP TABLE IF EXISTS ${tables.map((t) => `analytics.${t}`).join(', ')}`;
}

/**
 * After a failure, once the rebuild's transaction has rolled back: what its work connections had
 * committed. Under the lock that keeps rebuilds apart, so that a rebuild which started meanwhile
 * has committed or failed first, and none of its tables is dropped from under it.
 */
async function dropLeftovers(dataSource: DataSource): Promise<void> {
  const sql = await openWorkConnection(dataSource, () => false);
  try {
    await sql.affected(`BEGIN; LOCK TABLE analytics.order_state IN EXCLUSIVE MODE; ${dropWorkTables(true)}; COMMIT`);
  } finally {
    await sql.end();
  }
}
